"""Figures for the care guide: content size, load times, queries and server time per page,
reading grade. Runs against a throwaway test database on whatever DATABASE_URL names
(SQLite in memory by default), so it never touches real data.

    .venv/bin/python bench/guide.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/guide.py
"""

import re
import statistics
from importlib.metadata import version

from django.conf import settings
from django.test import Client
from harness import REPEATS, page_figures, throwaway_database, timed

CONTENT = settings.GUIDE_CONTENT_DIR


def reading_grades():
    import textstat

    from alscare.guide.loading import read_content

    grades = {}
    for item in read_content(CONTENT):
        plain = re.sub(r"[#*_`>\[\]()]|https?://\S+", " ", f"{item.data['summary']}\n\n{item.data['body']}")
        grades[item.path] = textstat.flesch_kincaid_grade(plain)
    return grades


def main():
    with throwaway_database() as vendor:
        from alscare.guide.loading import load_content
        from alscare.guide.models import GuideItem
        from alscare.guide.sections import SECTIONS

        print(f"care guide, database: {vendor}")
        report, cold_ms = timed(lambda: load_content(CONTENT))
        print(f"load_content, cold (empty database): {cold_ms:8.1f} ms  [{report.summary()}]")
        warm = []
        for _ in range(5):
            report, ms = timed(lambda: load_content(CONTENT))
            warm.append(ms)
        print(
            f"load_content, warm (nothing changed): {statistics.median(warm):7.1f} ms  [{report.summary()}]"
        )

        print("\nitems per section:")
        for slug, section in SECTIONS.items():
            print(f"  {section.title:32} {GuideItem.objects.filter(section=slug).count():3}")
        print(f"  {'total':32} {GuideItem.objects.count():3}")

        client = Client()
        item = GuideItem.objects.get(slug="riluzole")
        pages = {
            "home": "/",
            "section index": "/guide/als-medicines/",
            "item detail": item.get_absolute_url(),
            "search": "/search/?q=breathing+machine",
            "sitemap": "/sitemap.xml",
        }
        print(f"\npage (queries, median server time over {REPEATS} requests):")
        for name, path in pages.items():
            count, ms = page_figures(client, path)
            print(f"  {name:14} {count:2} queries  {ms:6.1f} ms   {path}")

        grades = reading_grades()
        print(
            f"\nreading grade (Flesch-Kincaid, textstat {version('textstat')}): "
            f"median {statistics.median(grades.values()):.1f}, highest {max(grades.values()):.1f} "
            f"({max(grades, key=grades.get)}), over {len(grades)} pages"
        )


if __name__ == "__main__":
    main()
