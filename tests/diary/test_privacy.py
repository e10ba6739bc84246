import logging
import sys
from unittest import mock

import pytest
from django.contrib import admin
from django.core.handlers import exception
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from alscare.diary.error_reports import HealthDataExceptionReporterFilter
from alscare.diary.models import Assessment, Diary, Entry, Invitation, Membership


def test_no_diary_model_is_in_the_admin():
    registered = set(admin.site._registry)
    assert not registered & {Diary, Membership, Invitation, Entry, Assessment}


def test_diary_pages_are_never_cached(client, viewer, diary):
    client.force_login(viewer)
    for name in ("home", "entries", "summary"):
        cache_control = client.get(reverse(f"diary:{name}", kwargs={"diary_id": diary.pk}))["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control
    assert "no-store" in client.get(reverse("diary:index"))["Cache-Control"]
    assert "no-store" in client.get(reverse("accounts:overview"))["Cache-Control"]


def test_health_data_is_not_logged(client, caregiver, diary, caplog):
    client.force_login(caregiver)
    with caplog.at_level(logging.DEBUG):
        client.post(
            reverse("diary:entry_add", kwargs={"diary_id": diary.pk}),
            {"date": timezone.localdate().isoformat(), "walking": "2", "notes": "SECRET-SYMPTOM-NOTE"},
        )
        client.post(
            reverse("diary:entry_add", kwargs={"diary_id": diary.pk}), {"date": "bad", "notes": "SECRET-2"}
        )
    assert "SECRET" not in caplog.text


def test_error_reports_hide_diary_form_fields(rf, caregiver, diary):
    """Django's error reports (emails to admins) must show diary form fields only as stars."""
    from django.views.debug import SafeExceptionReporterFilter

    from alscare.diary.views.entries import entry_add

    request = rf.post("/", {"date": "bad", "notes": "private"})
    request.user = caregiver
    request._dont_enforce_csrf_checks = True
    entry_add(request, diary_id=diary.pk)
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert filtered["notes"] != "private"


@pytest.mark.parametrize("debug", [False, True])
def test_error_reports_show_no_diary_data_in_local_variables(client, settings, caregiver, diary, debug):
    """The HTML report (the technical 500 page, or AdminEmailHandler with include_html) lists
    every frame's local variables; on a diary page none of them may show through."""
    settings.DEBUG = debug
    reports = []

    def capture(request, resolver, exc_info):
        reports.append(ExceptionReporter(request, *exc_info).get_traceback_html())
        reports.append(ExceptionReporter(request, *exc_info).get_traceback_text())
        return original(request, resolver, exc_info)

    original = exception.handle_uncaught_exception
    client.raise_request_exception = False
    client.force_login(caregiver)
    with (
        mock.patch.object(exception, "handle_uncaught_exception", capture),
        mock.patch.object(Entry.objects, "create", side_effect=RuntimeError("database went away")),
    ):
        response = client.post(
            reverse("diary:entry_add", kwargs={"diary_id": diary.pk}),
            {"date": timezone.localdate().isoformat(), "walking": "2", "notes": "SECRET-SYMPTOM-NOTE"},
        )
    assert response.status_code == 500
    assert reports and "database went away" in reports[0]
    for report in reports:
        assert "SECRET-SYMPTOM-NOTE" not in report
        assert "Alex Test" not in report


def test_error_reports_of_public_pages_are_left_as_django_makes_them(rf, settings):
    settings.DEBUG = True
    marker = "a visible local variable"
    variables = HealthDataExceptionReporterFilter().get_traceback_frame_variables(
        rf.get("/"), sys._getframe()
    )
    assert dict(variables)["marker"] == marker


def test_flash_messages_do_not_put_the_patients_name_in_a_cookie(client, stranger):
    client.force_login(stranger)
    response = client.post(reverse("diary:create"), {"patient_name": "Jordan Private"})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert "Jordan Private" in client.get(response["Location"]).content.decode()
