import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
REQUIRE_REAL_SERVICES = os.environ.get("ALSCARE_REQUIRE_REAL_SERVICES") == "1"


def pytest_configure(config):
    if REQUIRE_REAL_SERVICES and django_settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        raise pytest.UsageError(
            "ALSCARE_REQUIRE_REAL_SERVICES=1 but DATABASE_URL does not point at PostgreSQL."
        )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that check hashing ask for it explicitly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def on_postgresql():
    """For tests of PostgreSQL's own behaviour: skipped on SQLite, except in CI where it fails."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if REQUIRE_REAL_SERVICES:
            pytest.fail("ALSCARE_REQUIRE_REAL_SERVICES=1 but the database is not PostgreSQL", pytrace=False)
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def guide(db):
    """The real guide from content/, loaded into the test database."""
    from alscare.guide.loading import load_content

    load_content(CONTENT_DIR)
    from alscare.guide.models import GuideItem

    return GuideItem.objects.all()


@pytest.fixture(autouse=True)
def queued_work_runs_at_once(settings):
    """Queued work (mail) runs as soon as its transaction commits, in the test's own thread, so
    tests need no worker. Tests of the worker itself switch back to the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def no_cached_guide_pages():
    """Each test starts with no guide page in the cache: a test's writes are rolled back, never
    committed, so the pages they would have made stale stay in a cache shared by every test."""
    from django.core.cache import cache

    from alscare.guide.page_cache import GENERATION_KEY

    cache.delete(GENERATION_KEY)


# A Redis database of its own for the tests that need a real one (the guide's pages held in
# memory, two servers): it is emptied before each such test, and nothing else is touched.
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
