import logging

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

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
