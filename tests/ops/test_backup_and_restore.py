"""A backup made with the README's commands restores every diary, member and entry intact.

`pg_dump -Fc` reads the test database on the shared server; `pg_restore` writes into a fresh
database on the private cluster (tests/ops/pgcluster.py), so the shared server only ever gets
read. Rows are compared column by column, not only counted.
"""

import os
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import psycopg2
import pytest
from django.db import connection

from alscare.diary import services
from alscare.diary.models import Membership, Role
from tests.diary.conftest import full_answers, make_user
from tests.ops.pgcluster import BIN_DIR

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Every table that holds a person's diary or account, compared row by row.
KEPT_TABLES = [
    "auth_user",
    "account_emailaddress",
    "diary_diary",
    "diary_membership",
    "diary_invitation",
    "diary_entry",
    "diary_assessment",
]


@pytest.fixture
def two_diaries():
    patient = make_user("patient@example.com")
    caregiver = make_user("caregiver@example.com")
    viewer = make_user("viewer@example.com")
    alex = services.create_diary(patient, "Alex Ødegård-Núñez")
    Membership.objects.create(diary=alex, user=caregiver, role=Role.EDITOR)
    Membership.objects.create(diary=alex, user=viewer, role=Role.VIEWER)
    sam = services.create_diary(caregiver, "Sam 李")
    for days_ago in range(30):
        services.add_entry(
            alex,
            {
                "date": date.today() - timedelta(days=days_ago + 1),
                "walking": days_ago % 5,
                "speech": (days_ago + 2) % 5,
                "weight_kg": Decimal("71.5") - Decimal(days_ago) / 10,
                "notes": f"Day {days_ago}: tired 😴\nslept 6 h; «cramps» in the left calf\t(→ ask Dr. Lee)",
            },
            by=caregiver,
        )
    entry = services.add_entry(sam, {"date": date.today() - timedelta(days=1), "notes": ""}, by=caregiver)
    services.update_entry(sam, entry.pk, {"notes": "corrected"}, version=1, by=caregiver)
    services.record_assessment(alex, date.today(), full_answers(3), by=patient)
    services.invite_member(alex, "newcomer@example.com", Role.EDITOR, patient, lambda token: f"/t/{token}")
    return alex, sam


def rows(cursor, table):
    """Each row as PostgreSQL writes it out: every column, in its own text form."""
    cursor.execute(f"SELECT t::text FROM {table} AS t ORDER BY id")
    return [text for (text,) in cursor.fetchall()]


def table_counts(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_a_dump_restores_every_diary_member_and_entry_intact(
    on_postgresql, running_cluster, two_diaries, tmp_path
):
    settings = connection.settings_dict
    dump = tmp_path / "alscare.dump"
    source = {
        "PGHOST": settings["HOST"] or "127.0.0.1",
        "PGPORT": str(settings["PORT"] or 5432),
        "PGUSER": settings["USER"] or "postgres",
        "PGPASSWORD": settings["PASSWORD"] or "",
    }
    subprocess.run(
        [BIN_DIR / "pg_dump", "--format=custom", "--no-owner", f"--file={dump}", settings["NAME"]],
        env={**os.environ, **source},
        check=True,
        timeout=120,
    )

    restored_url = running_cluster.create_database("restored_from_dump")
    subprocess.run(
        [BIN_DIR / "pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_url}", dump],
        check=True,
        timeout=120,
    )

    # Both read in UTC, so that times are written out alike.
    original_connection = psycopg2.connect(
        dbname=settings["NAME"],
        host=source["PGHOST"],
        port=source["PGPORT"],
        user=source["PGUSER"],
        password=source["PGPASSWORD"] or None,
        options="-c TimeZone=UTC",
    )
    restored_connection = psycopg2.connect(restored_url, options="-c TimeZone=UTC")
    try:
        original, restored = original_connection.cursor(), restored_connection.cursor()
        assert table_counts(restored) == table_counts(original)
        for table in KEPT_TABLES:
            assert rows(restored, table) == rows(original, table), f"{table} differs after the restore"
        alex, sam = two_diaries
        restored.execute("SELECT count(*) FROM diary_entry WHERE diary_id = %s", [alex.pk])
        assert restored.fetchone()[0] == 30
        restored.execute("SELECT notes, version FROM diary_entry WHERE diary_id = %s", [sam.pk])
        assert restored.fetchall() == [("corrected", 2)]
    finally:
        original_connection.close()
        restored_connection.close()
