"""The diary home reads a diary's newest entries and latest assessment through indexes, so
ten years of entries cost what ten do."""

import pytest
from django.db import connection

from alscare.diary.views.diaries import RECENT_ENTRIES

pytestmark = pytest.mark.postgres


def plan_of(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")


def test_the_newest_entries_come_from_an_index_without_sorting(on_postgresql, diary, entry):
    plan = plan_of(diary.entries.all()[:RECENT_ENTRIES])

    assert "entry_newest_first" in plan
    assert "Sort" not in plan


def test_the_latest_assessment_comes_from_an_index_without_sorting(on_postgresql, diary, assessment):
    plan = plan_of(diary.assessments.all()[:1])

    assert "assessment_newest_first" in plan
    assert "Sort" not in plan
