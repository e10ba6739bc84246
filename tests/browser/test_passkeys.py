"""Passkeys end to end in real Chromium, with a virtual authenticator standing in for a
fingerprint reader: add a passkey, sign out, sign back in without typing a password."""

import pytest
from django.urls import reverse

from .conftest import PASSWORD, check_page, log_in, verified_account, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def virtual_authenticator(page):
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return session


def test_someone_adds_a_passkey_and_signs_in_with_it(page, virtual_authenticator):
    verified_account("pat@example.com", PASSWORD, username="pat")
    log_in(page, "pat@example.com")

    visit(page, reverse("accounts:overview"))
    page.get_by_role("link", name="Log in with a passkey instead of typing").click()
    page.wait_for_url("**/accounts/2fa/")
    check_page(page)
    visit(page, reverse("mfa_add_webauthn"))
    check_page(page)
    # Adding a way to sign in asks for the password again first.
    page.wait_for_url("**/accounts/reauthenticate/**")
    check_page(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    check_page(page)
    page.get_by_label("Name").fill("My phone")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    check_page(page)

    page.get_by_role("button", name="Log out").click()
    visit(page, reverse("account_login"))
    page.get_by_role("button", name="Log in with a passkey").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    visit(page, reverse("accounts:overview"))
    assert "pat@example.com" in page.content()
