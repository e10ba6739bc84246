"""The machine's PostgreSQL (the test database) and Redis, shared by app servers under test."""

import os

import pytest

from tests.conftest import REQUIRE_REAL_SERVICES

# A Redis database of its own: it is emptied before each test, and nothing else is touched.
SCALE_REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/9")


def missing(reason):
    if REQUIRE_REAL_SERVICES:
        pytest.fail(f"ALSCARE_REQUIRE_REAL_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def shared_redis():
    """SCALE_REDIS_URL, emptied (that database only)."""
    import redis

    client = redis.Redis.from_url(SCALE_REDIS_URL)
    try:
        client.flushdb()
    except redis.RedisError as error:
        missing(f"no Redis at {SCALE_REDIS_URL} ({error}; set SCALE_REDIS_URL)")
    finally:
        client.close()
    return SCALE_REDIS_URL


@pytest.fixture
def database_url(transactional_db):
    """A DATABASE_URL for the test database, so servers see what the test commits."""
    from django.db import connection

    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
