"""With STAFF_MFA_REQUIRED, clinic staff open the admin only with a passkey or an
authenticator app on their account; everyone else is offered one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from alscare.guide.staff import make_content_editor

from .diary.conftest import make_user

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def editor(db):
    return make_content_editor(make_user("editor@example.com"))


@pytest.fixture
def required(settings):
    settings.STAFF_MFA_REQUIRED = True


def test_an_editor_without_a_second_factor_is_sent_to_add_one(client, editor, required):
    client.force_login(editor)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[0] == (reverse("mfa_index"), 302)
    html = response.content.decode()
    assert "Add a passkey" in html and "authenticator app" in html


def test_no_admin_page_opens_without_one(client, editor, required):
    client.force_login(editor)
    response = client.get(reverse("admin:app_list", kwargs={"app_label": "guide"}))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")


@pytest.mark.parametrize("kind", [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
def test_an_editor_with_an_authenticator_app_or_a_passkey_opens_the_admin(client, editor, required, kind):
    Authenticator.objects.create(user=editor, type=kind, data={})
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200


def test_recovery_codes_alone_are_not_enough(client, editor, required):
    Authenticator.objects.create(user=editor, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 302


def test_without_the_setting_the_demo_editor_logs_in_with_a_password(client, editor, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200


def test_people_who_are_not_staff_are_not_held_back(client, db, required):
    client.force_login(make_user("patient@example.com"))
    assert client.get(reverse("accounts:overview")).status_code == 200


def test_everyone_is_offered_a_second_factor_and_their_devices(client, db):
    client.force_login(make_user("patient@example.com"))
    html = client.get(reverse("accounts:overview")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in html
    assert "authenticator app" in html
    assert f'href="{reverse("usersessions_list")}"' in html


def production_setting(name, **extra):
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "x", **extra}
    env.pop("STAFF_MFA_REQUIRED", None) if "STAFF_MFA_REQUIRED" not in extra else None
    env["DJANGO_SETTINGS_MODULE"] = "alscare.settings"
    script = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()


def test_it_is_on_in_production_unless_turned_off():
    assert production_setting("STAFF_MFA_REQUIRED") == "True"
    assert production_setting("STAFF_MFA_REQUIRED", STAFF_MFA_REQUIRED="0") == "False"
