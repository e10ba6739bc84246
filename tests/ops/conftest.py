"""A private PostgreSQL cluster and the portal served on it by gunicorn, for the outage,
load and backup tests. One cluster serves the whole session; it is removed at the end.
"""

import pytest

from tests.ops.pgcluster import started_private_cluster
from tests.production_portal import PortalServer, prepare, production_env


@pytest.fixture(scope="session")
def private_cluster():
    with started_private_cluster() as cluster:
        yield cluster


@pytest.fixture
def running_cluster(private_cluster):
    """The private cluster, started again if a test before left it stopped."""
    if not private_cluster.is_running():
        private_cluster.start()
    return private_cluster


@pytest.fixture(scope="session")
def portal_database(private_cluster):
    """The portal's database on the private cluster, migrated, with static files collected."""
    url = private_cluster.create_database("alscare")
    prepare(production_env(url))
    return url


@pytest.fixture
def portal(running_cluster, portal_database):
    """gunicorn with production settings, serving the portal from the private cluster."""
    server = PortalServer(production_env(portal_database), workers=2, threads=4).start()
    yield server
    server.stop()
