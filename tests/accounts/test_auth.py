"""Sign up, log in by email, log out, reset and change the password: allauth, in our pages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from ..diary.conftest import PASSWORD, make_user

NEW_PASSWORD = "another-long-pass-phrase-77"
ROOT = Path(__file__).resolve().parents[2]


def test_signing_up_by_email_logs_in_once_the_address_is_confirmed_and_hashes_with_argon2(
    client, settings, db, django_capture_on_commit_callbacks
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.com")
    assert user.password.startswith("argon2")
    assert client.get(reverse("accounts:overview")).status_code == 302, "not before the address is confirmed"

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    client.post(link)
    response = client.post(reverse("account_login"), {"login": "new@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/diary/"
    assert client.get(reverse("accounts:overview")).status_code == 200


def test_two_people_can_sign_up(client, db):
    for email in ("one@example.com", "two@example.com"):
        client.post(
            reverse("account_signup"), {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        client.post(reverse("account_logout"))
    assert get_user_model().objects.filter(email__in=["one@example.com", "two@example.com"]).count() == 2


def test_logging_in_by_email_and_out(client, db):
    make_user("patient@example.com")
    response = client.post(reverse("account_login"), {"login": "patient@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/diary/"
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:overview")).status_code == 302


def test_a_wrong_password_gets_a_message(client, db):
    make_user("patient@example.com")
    response = client.post(reverse("account_login"), {"login": "patient@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_password_reset_by_email(client, db, django_capture_on_commit_callbacks):
    user = make_user("patient@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "patient@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_changing_the_password(client, db):
    user = make_user("patient@example.com")
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_the_allauth_pages_use_our_layout(client, db, name):
    html = client.get(reverse(name)).content.decode()
    assert 'class="site-header"' in html
    assert html.count("<h1") == 1
    assert "| ALS Care</title>" in html


def test_repeated_failed_logins_lock_the_account_for_a_while(client, db):
    make_user("patient@example.com")
    for _ in range(6):
        client.post(reverse("account_login"), {"login": "patient@example.com", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "patient@example.com", "password": PASSWORD})
    assert response.status_code != 302, "even the right password waits after repeated failures"
    assert "Too many failed login attempts" in response.content.decode()


def test_behind_the_proxy_one_persons_failed_logins_do_not_lock_out_everyone(client, settings, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    make_user("patient@example.com")
    for number in range(12):
        client.post(
            reverse("account_login"),
            {"login": f"guess{number}@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    response = client.post(
        reverse("account_login"),
        {"login": "patient@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_production_settings_trust_one_proxy_and_hash_with_argon2():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "x"}
    env.pop("TRUSTED_PROXY_COUNT", None)
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.PASSWORD_HASHERS[0])"
    )
    env["DJANGO_SETTINGS_MODULE"] = "alscare.settings"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out == ["1", "django.contrib.auth.hashers.Argon2PasswordHasher"]
