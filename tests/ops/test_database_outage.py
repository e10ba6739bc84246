"""The database stops while people use the portal, then starts again: they see a calm 503
page while it is down, nothing half-saved, and the portal serves again without a restart.

Runs on a private PostgreSQL cluster (tests/ops/pgcluster.py), never the shared server.
`bench/outage.py` prints the same figures.
"""

import pytest

from tests.ops.drills import outage_drill

pytestmark = pytest.mark.postgres


def test_the_portal_answers_503_while_its_database_is_down_and_serves_again_after(running_cluster, portal):
    gunicorn = portal.process.pid
    report = outage_drill(running_cluster, portal, outage_seconds=2.0)
    print("\n".join(["", *report.lines()]))

    statuses = report.statuses()
    assert set(statuses) <= {200, 302, 503}, f"only pages, redirects and 503s: {statuses}"
    assert not any(o.traceback for o in report.observations)

    down = report.during_outage()
    # The guide's home, /healthz, a signed-in diary page and a caregiver saving an entry.
    assert len({o.path for o in down}) == 4, {o.path for o in down}
    assert all(o.status == 503 for o in down), [(o.path, o.status) for o in down]
    for observation in down:
        if observation.path != "/healthz":
            assert observation.friendly, observation
            assert observation.retry_after == "30", observation

    assert report.first_success_after is not None, "the diary did not serve again once the database was back"
    assert portal.process.poll() is None and portal.process.pid == gunicorn, "gunicorn was restarted"
    assert portal.healthy()

    # Every entry the caregiver was told is saved is there. A save the stop cut off between
    # its INSERT and its answer may be there too (the 503 page says to check); no other is.
    assert report.saved_entries <= report.entry_rows <= report.saved_entries + report.saves_cut_off
