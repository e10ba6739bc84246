"""Figures for the care guide: content size, load times, queries and server time per page,
reading grade. Runs against a throwaway test database on whatever DATABASE_URL names
(SQLite in memory by default), so it never touches real data.

    .venv/bin/python bench/run.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/run.py
"""

import os
import re
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alscare.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CONTENT = Path(settings.GUIDE_CONTENT_DIR)
REPEATS = 20


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - start) * 1000


def reading_grades():
    import textstat

    from alscare.guide.loading import read_content

    grades = {}
    for item in read_content(CONTENT):
        plain = re.sub(r"[#*_`>\[\]()]|https?://\S+", " ", item.data["body"])
        grades[item.path] = textstat.flesch_kincaid_grade(plain)
    return grades


def page_figures(client, path):
    # The query log is a bounded deque; once full, CaptureQueriesContext counts nothing.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(REPEATS):
        _, ms = timed(lambda: client.get(path))
        times.append(ms)
    return len(queries.captured_queries), statistics.median(times)


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from alscare.guide.loading import load_content
        from alscare.guide.models import GuideItem
        from alscare.guide.sections import SECTIONS

        print(f"database: {connection.vendor}")
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
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
