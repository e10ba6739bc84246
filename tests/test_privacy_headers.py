"""Pages for a signed-in person stay in their own browser: `Cache-Control: private, no-store`
on every response to them, whichever app made it; logging out clears the site's data."""

import pytest
from django.urls import reverse

from alscare.guide.staff import make_content_editor

from .diary.conftest import PASSWORD, make_user


@pytest.fixture
def person(db):
    return make_user("patient@example.com")


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "mfa_index",
        "account_change_password",
        "account_set_password",
        "usersessions_list",
        "accounts:overview",
    ],
)
def test_account_pages_are_private_and_not_stored(client, person, name):
    client.force_login(person)
    response = client.get(reverse(name))
    assert {"private", "no-store"} <= cache_control(response), response.get("Cache-Control")


def test_the_admin_is_private_and_not_stored(client, db):
    editor = make_content_editor(make_user("editor@example.com"))
    client.force_login(editor)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_guide_page_seen_signed_in_is_private(client, person, guide):
    client.force_login(person)
    assert {"private", "no-store"} <= cache_control(client.get(reverse("guide:home")))


def test_public_guide_pages_stay_cacheable(client, guide):
    response = client.get(reverse("guide:home"))
    assert response.status_code == 200
    assert not {"private", "no-store"} & cache_control(response)


def test_logging_out_clears_the_sites_data(client, person):
    client.post(reverse("account_login"), {"login": "patient@example.com", "password": PASSWORD})
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in cache_control(response)


def test_only_logging_out_clears_the_sites_data(client, person):
    client.force_login(person)
    assert "Clear-Site-Data" not in client.get(reverse("accounts:overview"))


def test_deleting_the_account_clears_the_cache_and_storage_but_keeps_its_message(client, person):
    client.force_login(person)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Your account was deleted." in client.get(response["Location"]).content.decode()
