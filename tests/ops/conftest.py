"""A private PostgreSQL cluster and the portal served on it by gunicorn, for the outage,
load and backup tests. One cluster serves the whole session; it is removed at the end.
"""

import pytest

from tests.conftest import REQUIRE_REAL_SERVICES
from tests.ops.pgcluster import ClusterUnavailable, PostgresCluster
from tests.ops.portal import PortalServer


@pytest.fixture(scope="session")
def private_cluster():
    try:
        cluster = PostgresCluster()
    except ClusterUnavailable as missing:
        if REQUIRE_REAL_SERVICES:
            pytest.fail(f"ALSCARE_REQUIRE_REAL_SERVICES=1 but {missing}", pytrace=False)
        pytest.skip(str(missing))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


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
    PortalServer(url).prepare()
    return url


@pytest.fixture
def portal(running_cluster, portal_database):
    """gunicorn with production settings, serving the portal from the private cluster."""
    server = PortalServer(portal_database)
    server.start()
    yield server
    server.stop()
