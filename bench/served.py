"""Shared by bench/loadtest.py and bench/outage.py: the portal under gunicorn on a private
PostgreSQL cluster (tests/ops/pgcluster.py), made for one run and removed after it."""

import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ops.pgcluster import PostgresCluster  # noqa: E402
from tests.production_portal import PortalServer, prepare, production_env  # noqa: E402


@contextmanager
def served_portal(workers=2, threads=4):
    """(cluster, server): a fresh cluster, migrated, with gunicorn serving the portal on it."""
    cluster = PostgresCluster()
    server = None
    try:
        cluster.start()
        env = production_env(cluster.create_database("alscare"))
        prepare(env)
        server = PortalServer(env, workers=workers, threads=threads).start()
        yield cluster, server
    finally:
        if server is not None:
            server.stop()
        cluster.remove()
