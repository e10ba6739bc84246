"""Shared by the bench scripts: Django on a throwaway test database, and timing helpers."""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alscare.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

REPEATS = 20


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, (time.perf_counter() - start) * 1000


@contextmanager
def throwaway_database():
    """A fresh test database on whatever DATABASE_URL names (SQLite: in memory), then dropped."""
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def page_figures(client, path, repeats=REPEATS, before_each=lambda: None):
    """(queries, median server time in ms) for GET path, calling before_each before each GET."""
    # The query log is a bounded deque; once full, CaptureQueriesContext counts nothing.
    reset_queries()
    before_each()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(repeats):
        before_each()
        times.append(timed(lambda: client.get(path))[1])
    return len(queries.captured_queries), statistics.median(times)
