"""Account pages in real Chromium: allauth's pages in our layout, the account page, deletion."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from alscare.diary.models import Diary

from .conftest import PASSWORD, check_page, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_the_public_account_pages_are_accessible(page, db, name):
    visit(page, reverse(name))
    check_page(page)


def test_a_wrong_password_is_explained_accessibly(page, demo):
    visit(page, reverse("account_login"))
    page.get_by_label("Email").fill("patient@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    # The click returns before the answer arrives: wait for the summary, then look at it.
    page.get_by_role("alert").wait_for()
    assert page.get_by_role("alert").is_visible()
    check_page(page)


def test_the_signed_in_account_pages_are_accessible(page, demo):
    log_in(page, "patient@example.com")
    for path in [
        reverse("accounts:overview"),
        reverse("accounts:delete"),
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("usersessions_list"),
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
        reverse("account_reauthenticate"),
    ]:
        visit(page, path)
        check_page(page)


def test_someone_downloads_their_data_and_deletes_their_account(page, demo):
    log_in(page, "other@example.com")
    page.get_by_role("link", name="Your account").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (JSON)").click()
    assert download.value.suggested_filename.startswith("alscare-data-")

    page.get_by_role("link", name="Delete your account…").click()
    assert page.get_by_text("Diary for Sam Other").is_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Delete my account").click()
    assert page.get_by_text("Your account was deleted.").is_visible()
    assert not get_user_model().objects.filter(email="other@example.com").exists()
    assert not Diary.objects.filter(patient_name="Sam Other").exists()
    assert Diary.objects.filter(patient_name="Alex Demo").exists()
