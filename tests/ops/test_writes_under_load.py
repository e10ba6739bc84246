"""Caregivers add and correct entries at the same time through gunicorn on PostgreSQL:
every accepted write is in the database, no answer is a 5xx, and a stale correction is
refused with 409 rather than saved over someone else's.

The same drill as `make loadtest` (bench/loadtest.py), at a size CI can afford.
"""

import pytest

from tests.ops.drills import caregivers_under_load

pytestmark = pytest.mark.postgres


def test_no_write_is_lost_and_no_answer_is_a_server_error_under_concurrent_caregivers(portal):
    report = caregivers_under_load(portal, clients=4, seconds=5, diaries=1)
    print("\n".join(["", *report.lines()]))

    assert report.errors == 0, report.problems
    assert report.added > 0 and report.corrected > 0, "the drill wrote nothing"
    assert report.rows == report.added
    assert report.versions == report.expected_versions
    assert report.wrong_notes == 0
    assert report.lost_writes == 0
