"""The machine's PostgreSQL (the test database), shared by app servers under test; their Redis
is `shared_redis` (tests/conftest.py)."""

import pytest


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
