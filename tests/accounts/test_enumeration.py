"""Whether someone has an account on an ALS portal is health information: sign-up and
password reset answer a known address exactly as an unknown one."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from ..diary.conftest import make_user

NEW_PASSWORD = "another-long-pass-phrase-77"


def visible_text(response, email):
    """The page as a person reads it, with the address they typed (which it repeats) and the
    per-request CSRF token left out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return html.replace(email, "ADDRESS")


def sign_up(client, email):
    client.cookies.clear()
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )


def test_sign_up_answers_a_known_address_as_an_unknown_one(client, db):
    make_user("patient@example.com")

    known = sign_up(client, "patient@example.com")
    unknown = sign_up(client, "nobody@example.com")

    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert visible_text(known, "patient@example.com") == visible_text(unknown, "nobody@example.com")
    assert "already" not in visible_text(known, "patient@example.com")
    assert get_user_model().objects.filter(email__iexact="patient@example.com").count() == 1


def test_the_owner_of_a_known_address_is_told_by_mail_instead(client, db, django_capture_on_commit_callbacks):
    make_user("patient@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "patient@example.com")
    assert [message.to for message in mail.outbox] == [["patient@example.com"]]


def test_password_reset_answers_a_known_address_as_an_unknown_one(client, db):
    make_user("patient@example.com")
    url = reverse("account_reset_password")

    known = client.post(url, {"email": "patient@example.com"}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.com"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert visible_text(known, "patient@example.com") == visible_text(unknown, "nobody@example.com")


def test_a_new_account_cannot_log_in_before_its_address_is_confirmed(client, db):
    sign_up(client, "new@example.com")
    client.cookies.clear()
    response = client.post(reverse("account_login"), {"login": "new@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:overview")).status_code == 302
