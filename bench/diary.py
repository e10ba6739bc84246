"""Figures for the symptom diary: queries, server time and size of its pages with no entries,
and with one, five and ten years of daily entries (trends and the summary cover at most three
years, the longest period they offer). Runs on a throwaway test database (see harness.py).

    .venv/bin/python bench/diary.py
"""

import random
import statistics

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from harness import REPEATS, page_figures, throwaway_database

from alscare.diary.management.commands.seed_demo import (
    ALEX_ALSFRS_COURSE,
    ALEX_COURSE,
    _daily_entries,
    _monthly_assessments,
)
from alscare.diary.models import Diary, Membership, Role

YEARS = [0, 1, 5, 10]


def diary_with(years, owner):
    diary = Diary.objects.create(patient_name=f"Bench {years}y")
    Membership.objects.create(diary=diary, user=owner, role=Role.OWNER)
    if not years:
        return diary, 0, 0
    rng = random.Random(years)
    entries = _daily_entries(diary, [owner], 365 * years, ALEX_COURSE, rng)
    assessments = _monthly_assessments(diary, owner, 12 * years, ALEX_ALSFRS_COURSE, rng)
    return diary, entries, assessments


def main():
    figures = {}
    with throwaway_database() as vendor:
        figures["database"] = vendor
        owner = get_user_model().objects.create_user("bench", "bench@example.com", "bench-password")
        client = Client()
        client.force_login(owner)
        today = timezone.localdate()
        homes = {}
        print(
            f"symptom diary, database: {vendor}; queries, median server time over {REPEATS} requests, "
            "page size"
        )
        for years in YEARS:
            diary, entries, assessments = diary_with(years, owner)
            start = today.replace(year=today.year - min(years, 3))
            whole = f"?start={start}&end={today}"
            span = f"{min(years, 3)} year{'s' if years > 1 else ''}"
            pages = {
                "diary home": f"/diary/{diary.pk}/",
                "entries": f"/diary/{diary.pk}/entries/",
                "trends (3 months)": f"/diary/{diary.pk}/trends/",
                f"trends ({span})": f"/diary/{diary.pk}/trends/{whole}",
                "summary (3 months)": f"/diary/{diary.pk}/summary/",
                f"summary ({span})": f"/diary/{diary.pk}/summary/{whole}",
                "CSV (all entries)": f"/diary/{diary.pk}/entries.csv?period=all",
            }
            print(f"\n{years} year(s): {entries} entries, {assessments} ALSFRS-R assessments")
            figures[f"{years} years"] = by_page = {}
            for name, path in pages.items():
                count, ms = page_figures(client, path)
                size = len(client.get(path).content)
                by_page[name] = {
                    "queries": count,
                    "median_ms": round(ms, 1),
                    "kilobytes": round(size / 1024, 1),
                }
                print(f"  {name:22} {count:3} queries  {ms:7.1f} ms  {size / 1024:8.1f} KB")
            homes[years] = pages["diary home"]
        figures["diary home, side by side"] = side_by_side(client, homes[0], homes[YEARS[-1]])
    return figures


def side_by_side(client, empty, full, rounds=5):
    """The diary home with no entries and with the most, measured in turns: minutes pass
    between the two in the run above, and this machine's speed drifts in that time."""
    pairs = [(page_figures(client, empty)[1], page_figures(client, full)[1]) for _ in range(rounds)]
    figures = {
        "empty_ms": round(statistics.median(pair[0] for pair in pairs), 1),
        "full_ms": round(statistics.median(pair[1] for pair in pairs), 1),
        "ratio": round(statistics.median(pair[1] / pair[0] for pair in pairs), 2),
    }
    print(
        f"\ndiary home, in turns ({rounds} rounds): no entries {figures['empty_ms']} ms, "
        f"{YEARS[-1]} years {figures['full_ms']} ms: {figures['ratio']}x"
    )
    return figures


if __name__ == "__main__":
    main()
