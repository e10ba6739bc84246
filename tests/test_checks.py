"""In production every app server counts login failures in one shared cache."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

from tests.conftest import REQUIRE_REAL_SERVICES

ROOT = Path(__file__).resolve().parents[1]
LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def production(script, **extra):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "x", **extra}
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "alscare.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()


def cache_errors():
    return [message for message in run_checks(include_deployment_checks=True) if message.id == "alscare.E001"]


def test_the_deploy_check_refuses_a_cache_kept_per_process(settings):
    settings.CACHES = LOCAL_MEMORY
    assert len(cache_errors()) == 1


def test_the_deploy_check_accepts_the_database_cache_and_redis(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    assert cache_errors() == []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "x"}}
    assert cache_errors() == []


def test_production_without_redis_uses_the_database_cache():
    backend = production("from django.conf import settings; print(settings.CACHES['default']['BACKEND'])")
    assert backend == "django.core.cache.backends.db.DatabaseCache"


def test_production_with_redis_uses_it():
    backend = production(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"


def redis_url():
    """The Redis to test against (TEST_REDIS_URL, default db 1 on this machine): a skip without
    one, a failure in CI."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
    host, port = url.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        if REQUIRE_REAL_SERVICES:
            pytest.fail(f"ALSCARE_REQUIRE_REAL_SERVICES=1 but no Redis at {url}", pytrace=False)
        pytest.skip(f"no Redis at {url} (set TEST_REDIS_URL)")
    return url


def test_login_limits_are_shared_through_redis_between_processes():
    """Two processes (two app servers) see one count: what one records, the other reads."""
    redis = {"REDIS_URL": redis_url()}
    production("from django.core.cache import cache; cache.set('alscare-shared-cache-test', 3, 30)", **redis)
    read = production(
        "from django.core.cache import cache; print(cache.get('alscare-shared-cache-test')); "
        "cache.delete('alscare-shared-cache-test')",
        **redis,
    )
    assert read == "3"


def test_failed_logins_are_counted_in_the_database_cache(client, settings, transactional_db):
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t_cache"}
    }
    call_command("createcachetable", verbosity=0)
    try:
        client.post(reverse("account_login"), {"login": "someone@example.com", "password": "wrong"})
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM t_cache")
            assert cursor.fetchone()[0] > 0, "allauth's login limit lives in the shared cache"
    finally:
        caches["default"].clear()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE t_cache")
