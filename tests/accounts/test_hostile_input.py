"""Every account form, fed hostile input by Hypothesis on the real database: a clear message
or a 4xx, never a 500, and a refused form leaves every row as it was."""

import itertools

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from tests.diary.conftest import PASSWORD, make_user
from tests.hostile import (
    HOSTILE,
    MILLION_CHARACTERS,
    assert_refused_or_saved,
    hostile_email,
    hostile_text,
    huge_number,
    snapshot,
)

pytestmark = pytest.mark.postgres

serial = itertools.count()
hostile_password = st.one_of(hostile_text, st.just(PASSWORD), st.just("Strong-enough-passphrase-2026"))


@pytest.fixture
def on_the_database(db, on_postgresql, mailoutbox):
    from django.core.cache import cache

    cache.clear()


def someone():
    return make_user(f"person{next(serial)}@example.com")


def post(client, url, data):
    before = snapshot()
    return assert_refused_or_saved(client, client.post(url, data), before)


@HOSTILE
@given(email=hostile_email, password1=hostile_password, password2=hostile_password)
@example(email="new\x00@example.com", password1="Strong-enough-passphrase-2026", password2="x")
@example(
    email="new@example.com",
    password1="Strong-enough\x00passphrase",
    password2="Strong-enough\x00passphrase",
)
@example(email="a" * 300 + "@example.com", password1=MILLION_CHARACTERS, password2=MILLION_CHARACTERS)
def test_signing_up_refuses_hostile_input_clearly(on_the_database, email, password1, password2):
    post(Client(), "/accounts/signup/", {"email": email, "password1": password1, "password2": password2})


@HOSTILE
@given(login=hostile_email, password=hostile_password)
@example(login="person@example.com\x00", password=PASSWORD)
@example(login="person@example.com", password=MILLION_CHARACTERS)
def test_logging_in_refuses_hostile_input_clearly(on_the_database, login, password):
    someone()
    post(Client(), "/accounts/login/", {"login": login, "password": password})


@HOSTILE
@given(email=hostile_email)
@example(email="person@example.com\x00")
def test_asking_for_a_password_reset_refuses_hostile_input_clearly(on_the_database, email):
    post(Client(), "/accounts/password/reset/", {"email": email})


@HOSTILE
@given(password=hostile_password, confirm=st.one_of(hostile_text, huge_number, st.just("on")))
@example(password=PASSWORD + "\x00", confirm="on")
@example(password=MILLION_CHARACTERS, confirm="on")
def test_deleting_an_account_refuses_hostile_input_clearly(on_the_database, password, confirm):
    client = Client()
    client.force_login(someone())
    post(client, "/accounts/delete/", {"password": password, "confirm": confirm})


@HOSTILE
@given(oldpassword=hostile_password, password1=hostile_password, password2=hostile_password)
@example(oldpassword=PASSWORD, password1="New-passphrase\x002026", password2="New-passphrase\x002026")
def test_changing_a_password_refuses_hostile_input_clearly(
    on_the_database, oldpassword, password1, password2
):
    client = Client()
    client.force_login(someone())
    post(
        client,
        "/accounts/password/change/",
        {"oldpassword": oldpassword, "password1": password1, "password2": password2},
    )


@HOSTILE
@given(email=hostile_email)
@example(email="second\x00@example.com")
def test_adding_an_email_address_refuses_hostile_input_clearly(on_the_database, email):
    client = Client()
    client.force_login(someone())
    post(client, "/accounts/email/", {"email": email, "action_add": ""})


@HOSTILE
@given(query=st.dictionaries(hostile_text, hostile_text, max_size=3))
@example(query={"format": "\x00"})
def test_exporting_data_ignores_hostile_query_strings(on_the_database, query):
    client = Client()
    client.force_login(someone())
    before = snapshot()
    response = client.get("/accounts/export.json", query)
    assert response.status_code == 200
    assert snapshot() == before


def test_an_email_address_longer_than_the_database_keeps_gets_a_clear_message(on_the_database):
    client = Client()
    client.force_login(someone())
    before = snapshot()
    response = client.post("/accounts/email/", {"email": "a" * 250 + "@example.com", "action_add": ""})

    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert snapshot() == before
