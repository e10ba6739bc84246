"""A lost database answers a friendly 503 page with Retry-After, never a 500 or a traceback.

These tests cut the database off inside one request; tests/ops/test_database_outage.py stops
a real PostgreSQL server under gunicorn.
"""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError

from alscare.guide import views as guide_views
from alscare.outage import RETRY_AFTER_SECONDS
from tests.diary.conftest import make_user


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "briefly unavailable" in page
    assert "Nothing you saved is lost" in page
    assert "Traceback" not in page and "OperationalError" not in page


@pytest.fixture
def client_without_raising(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_it_answers_503_when_the_database_goes_away_during_a_page(
    db, client_without_raising, monkeypatch, error
):
    def database_gone(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(guide_views, "render", database_gone)
    assert_unavailable_page(client_without_raising.get("/"))


def test_it_answers_503_to_a_signed_in_person_whose_session_cannot_be_read(
    db, client_without_raising, monkeypatch
):
    client_without_raising.force_login(make_user("someone@example.com"))

    def database_gone(self):
        raise OperationalError("could not connect to server: Connection refused")

    # The session, the signed-in user and the messages all wait on this one read; the page
    # must render without any of them.
    monkeypatch.setattr(SessionStore, "load", database_gone)
    assert_unavailable_page(client_without_raising.get("/diary/"))


def test_it_answers_503_when_the_database_goes_away_before_the_session_is_saved(
    db, client_without_raising, monkeypatch
):
    from alscare.diary import services
    from alscare.diary.models import Entry

    owner = make_user("owner@example.com")
    diary = services.create_diary(owner, "Alex Test")
    client_without_raising.force_login(owner)

    def database_gone(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    # The entry is written, then the database stops before the session (holding the
    # "saved" message) is written back: Django calls that a deleted session, a 400.
    monkeypatch.setattr(Session, "save", database_gone)
    response = client_without_raising.post(
        f"/diary/{diary.pk}/entries/new/", {"date": "2026-01-02", "notes": "cut off"}
    )

    assert_unavailable_page(response)
    assert Entry.objects.filter(notes="cut off").count() == 1


def test_a_really_deleted_session_still_answers_400(db, client_without_raising, monkeypatch):
    from django.contrib.sessions.backends.base import UpdateError

    owner = make_user("owner@example.com")
    client_without_raising.force_login(owner)

    def deleted(self, must_create=False):
        raise UpdateError

    monkeypatch.setattr(SessionStore, "save", deleted)
    response = client_without_raising.post("/diary/new/", {"patient_name": "Alex Test"})

    assert response.status_code == 400


def test_the_unavailable_page_reads_nothing_from_the_database(db, django_assert_num_queries):
    from alscare.outage import service_unavailable

    with django_assert_num_queries(0):
        assert_unavailable_page(service_unavailable())


def test_other_errors_still_answer_the_usual_500_page(db, client_without_raising, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(guide_views, "render", broken)
    response = client_without_raising.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_connections_are_checked_before_reuse_so_the_portal_recovers_without_a_restart(settings):
    # A connection kept across requests (CONN_MAX_AGE) is dead after a database restart;
    # the check replaces it on its next use instead of failing one request per thread.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
