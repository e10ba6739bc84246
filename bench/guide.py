"""Figures for the care guide: content size, load times, queries and server time per page,
reading grade. Runs against a throwaway test database on whatever DATABASE_URL names
(SQLite in memory by default), so it never touches real data.

    .venv/bin/python bench/guide.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/guide.py
"""

import random
import re
import statistics
import tempfile
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def grades_by_section(grades):
    """The grades of each section's pages, by the folder the page's file is in."""
    sections = {}
    for path, grade in sorted(grades.items()):
        sections.setdefault(Path(path).parent.name, []).append(grade)
    return sections


GENERATED_PAGES = 1000
WRITES = ("INSERT", "UPDATE", "DELETE")


def generate_guide(root, count):
    """`count` valid content files, with words taken from the real guide, spread over the sections."""
    from alscare.guide.loading import read_content
    from alscare.guide.sections import SECTIONS
    from tests.guide.factories import write_item

    words = re.findall(r"[a-z]{4,}", " ".join(item.data["body"].lower() for item in read_content(CONTENT)))
    rng = random.Random(1000)
    sections = list(SECTIONS)
    for number in range(count):
        body = "\n\n".join(" ".join(rng.choices(words, k=60)).capitalize() + "." for _ in range(5))
        related = [f"page-{(number + step) % count}" for step in (1, 7)]
        write_item(root, sections[number % len(sections)], f"page-{number}", body=body, related=related)


def thousand_pages():
    """load_content of GENERATED_PAGES pages, cold then again; search over them."""
    from alscare.guide.loading import load_content
    from alscare.guide.search import search_items

    figures = {}
    with tempfile.TemporaryDirectory(prefix="alscare-guide-") as folder:
        root = Path(folder)
        generate_guide(root, GENERATED_PAGES)
        statements = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        # Counted, not logged: the figure that does not depend on how busy the machine is.
        with connection.execute_wrapper(count):
            report, cold_ms = timed(lambda: load_content(root))
        figures["load_cold_s"] = round(cold_ms / 1000, 2)
        figures["load_cold_queries"] = len(statements)
        print(
            f"load_content, {GENERATED_PAGES} generated pages, cold: {cold_ms / 1000:6.2f} s, "
            f"{len(statements)} queries  [{report.summary()}]"
        )
        with CaptureQueriesContext(connection) as queries:
            report, again_ms = timed(lambda: load_content(root))
        writes = [
            query for query in queries.captured_queries if query["sql"].lstrip().upper().startswith(WRITES)
        ]
        figures["load_again_s"] = round(again_ms / 1000, 2)
        figures["load_again_writes"] = len(writes)
        print(
            f"load_content, the same files again:  {again_ms / 1000:6.2f} s  [{report.summary()}], "
            f"{len(writes)} writes"
        )
    for query in ["breathing machine", "feeding tube", "cramps"]:
        list(search_items(query)[:20])
        times = [timed(lambda query=query: list(search_items(query)[:20]))[1] for _ in range(REPEATS)]
        figures[f"search_ms {query}"] = round(statistics.median(times), 2)
        print(
            f"search over {GENERATED_PAGES} pages, first 20 results: "
            f"{statistics.median(times):6.2f} ms  ({query})"
        )
    return figures


def main():
    figures = {}
    with throwaway_database() as vendor:
        figures["database"] = vendor
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
        from alscare.guide.page_cache import pages_changed

        print(f"\npage, rendered, not from the cache (queries, median server time over {REPEATS} requests):")
        figures["pages"] = {}
        for name, path in pages.items():
            count, ms = page_figures(client, path, before_each=pages_changed)
            figures["pages"][name] = {"queries": count, "median_ms": round(ms, 2)}
            print(f"  {name:14} {count:2} queries  {ms:6.1f} ms   {path}")

        grades = reading_grades()
        print(
            f"\nreading grade (Flesch-Kincaid, textstat {version('textstat')}): "
            f"median {statistics.median(grades.values()):.1f}, highest {max(grades.values()):.1f} "
            f"({max(grades, key=grades.get)}), over {len(grades)} pages"
        )
        figures["reading_grade"] = {}
        for section, section_grades in grades_by_section(grades).items():
            median, highest = statistics.median(section_grades), max(section_grades)
            figures["reading_grade"][section] = {"median": round(median, 1), "highest": round(highest, 1)}
            pages = len(section_grades)
            print(f"  {section:18} median {median:4.1f}, highest {highest:4.1f}, {pages:2} pages")
        print()
        figures.update(thousand_pages())
    return figures


if __name__ == "__main__":
    main()
