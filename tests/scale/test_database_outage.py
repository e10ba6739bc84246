"""The public guide stays readable while the database is away: pages already in the shared
cache keep being served; anything else answers the calm 503 page, and all is well again
once the database is back. The test stops its own PostgreSQL cluster, never the shared one."""

import pytest

from tests.ops.pgcluster import started_private_cluster
from tests.production_portal import PortalServer, Visitor, manage, prepare, production_env

pytestmark = pytest.mark.postgres

READ_BEFORE = [
    "/",
    "/guide/als-medicines/",
    "/guide/als-medicines/riluzole/",
    "/search/?q=breathing+machine",
    "/sitemap.xml",
]
NOT_READ_BEFORE = ["/guide/als-medicines/edaravone/", "/search/?q=feeding+tube"]


@pytest.fixture
def cluster():
    with started_private_cluster() as cluster:
        yield cluster


@pytest.fixture
def portal(cluster, shared_redis):
    env = production_env(cluster.create_database("alscare"), shared_redis)
    prepare(env)
    manage(env, "load_content")
    server = PortalServer(env, workers=2, health_path="/robots.txt").start()
    yield server
    server.stop()


def test_cached_guide_pages_are_served_while_the_database_is_away(cluster, portal):
    visitor = Visitor(portal.base_url)
    before = {}
    for path in READ_BEFORE:
        # Twice, so both workers have had the chance to serve it; either way it is in Redis.
        for _ in range(2):
            answer = visitor.get(path)
            assert answer.status == 200, path
        before[path] = answer

    cluster.stop()

    assert visitor.get("/healthz").status == 503
    for path in READ_BEFORE:
        for _ in range(4):
            answer = visitor.get(path)
            assert answer.status == 200, path
            assert answer.body == before[path].body
        assert visitor.get(path, headers={"If-None-Match": before[path].header("ETag")}).status == 304
    for path in NOT_READ_BEFORE:
        answer = visitor.get(path)
        assert answer.status == 503, path
        assert "briefly unavailable" in answer.text
        assert answer.header("Retry-After")

    cluster.start()

    for path in NOT_READ_BEFORE:
        assert visitor.get(path).status == 200, path
