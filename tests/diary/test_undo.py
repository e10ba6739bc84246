"""Nothing lost by a slip or a quarrel: a deleted diary or entry comes back within 30 days,
vanishes from every list, chart and export at once, and is purged after that."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alscare.accounts.services import export_data
from alscare.diary import services
from alscare.diary.models import UNDO_PERIOD, Assessment, Diary, Entry, Membership
from alscare.diary.services import diaries_owned_only_by

from .conftest import make_user


def url(name, diary, **kwargs):
    return reverse(f"diary:{name}", kwargs={"diary_id": diary.pk, **kwargs})


def days_ago(days):
    return timezone.now() - timedelta(days=days)


# Diaries


def test_a_deleted_diary_disappears_from_every_list_at_once(client, diary, caregiver, patient):
    client.force_login(patient)
    client.post(url("delete", diary), {"confirm": "on"})

    client.force_login(caregiver)
    assert "Alex Test" not in client.get(reverse("diary:index")).content.decode()
    assert "Alex Test" not in client.get(reverse("accounts:overview")).content.decode()
    assert client.get(url("home", diary)).status_code == 404
    assert "Alex Test" not in json.dumps(export_data(caregiver))
    assert diaries_owned_only_by(patient) == []


def test_the_patient_brings_a_deleted_diary_back_with_everything_in_it(
    client, diary, patient, caregiver, entry
):
    client.force_login(patient)
    client.post(url("delete", diary), {"confirm": "on"})
    index = client.get(reverse("diary:index")).content.decode()
    assert "Bring back the diary for Alex Test" in index

    response = client.post(url("restore", diary))

    assert response["Location"] == url("home", diary)
    assert Diary.objects.filter(pk=diary.pk).exists()
    client.force_login(caregiver)
    assert entry.notes in client.get(url("home", diary)).content.decode()


def test_a_co_owner_cannot_bring_back_the_patients_deleted_diary(client, co_owned, patient, co_owner):
    services.delete_diary(co_owned)
    client.force_login(co_owner)
    assert "Bring back" not in client.get(reverse("diary:index")).content.decode()
    assert client.post(url("restore", co_owned)).status_code == 403
    assert not Diary.objects.filter(pk=co_owned.pk).exists()


def test_without_a_patient_an_owner_brings_the_diary_back(client, co_owned, co_owner):
    Diary.objects.filter(pk=co_owned.pk).update(patient=None)
    services.delete_diary(co_owned)
    client.force_login(co_owner)
    assert client.post(url("restore", co_owned)).status_code == 302
    assert Diary.objects.filter(pk=co_owned.pk).exists()


def test_a_diary_deleted_over_30_days_ago_cannot_come_back_and_is_purged(client, diary, patient, entry):
    services.delete_diary(diary)
    Diary.all_objects.filter(pk=diary.pk).update(deleted_at=days_ago(UNDO_PERIOD.days + 1))
    client.force_login(patient)
    assert "Bring back" not in client.get(reverse("diary:index")).content.decode()
    client.post(url("restore", diary))
    assert not Diary.objects.filter(pk=diary.pk).exists()

    out = StringIO()
    call_command("purge_deleted", stdout=out)

    assert "Purged 1 diaries" in out.getvalue()
    assert not Diary.all_objects.filter(pk=diary.pk).exists()
    assert not Entry.all_objects.filter(pk=entry.pk).exists()
    assert not Membership.objects.filter(diary_id=diary.pk).exists()


def test_the_purge_keeps_what_can_still_come_back(diary, entry):
    services.delete_diary(diary)
    Diary.all_objects.filter(pk=diary.pk).update(deleted_at=days_ago(UNDO_PERIOD.days - 1))
    call_command("purge_deleted", stdout=StringIO())
    assert Diary.all_objects.filter(pk=diary.pk).exists()
    assert Entry.all_objects.filter(pk=entry.pk).exists()


def test_deleting_an_account_takes_its_deleted_diaries_at_once(patient):
    alone = services.create_diary(patient, "Only mine", is_patient=True)
    services.delete_diary(alone)
    patient.delete()
    assert not Diary.all_objects.filter(pk=alone.pk).exists()


def test_an_invitation_to_a_deleted_diary_does_not_work(client, diary, invitation):
    services.delete_diary(diary)
    newcomer = make_user("newcomer@example.com")
    client.force_login(newcomer)
    response = client.post(reverse("diary:invitation", kwargs={"token": invitation.raw_token}))
    assert response.status_code == 404
    assert not Membership.objects.filter(user=newcomer).exists()


# Entries


@pytest.fixture
def deleted_entry(diary, entry, caregiver):
    services.delete_entry(diary, entry.pk, entry.version, by=caregiver)
    return entry


def test_a_deleted_entry_vanishes_from_pages_reports_charts_and_exports(
    client, diary, patient, deleted_entry
):
    client.force_login(patient)
    period = {"start": (timezone.localdate() - timedelta(days=30)).isoformat()}
    for name in ("home", "entries", "trends", "summary"):
        html = client.get(url(name, diary), period).content.decode()
        assert deleted_entry.notes not in html, name
    trends = client.get(url("trends", diary), period)
    assert trends.context["entries"] == []
    assert trends.context["symptoms"]["plots"] == []
    csv = client.get(url("export_csv", diary), {"period": "all"}).content.decode()
    assert deleted_entry.notes not in csv
    assert json.dumps(export_data(patient)).count(deleted_entry.notes) == 0


def test_a_member_who_may_edit_brings_an_entry_back(client, diary, patient, caregiver, deleted_entry):
    client.force_login(patient)
    listing = client.get(url("entries_deleted", diary)).content.decode()
    assert "Bring back the entry of" in listing

    client.post(url("entry_restore", diary, entry_id=deleted_entry.pk))

    assert Entry.objects.filter(pk=deleted_entry.pk).exists()
    assert deleted_entry.notes in client.get(url("entries", diary)).content.decode()


def test_a_viewer_cannot_bring_an_entry_back(client, diary, viewer, deleted_entry):
    client.force_login(viewer)
    assert client.post(url("entry_restore", diary, entry_id=deleted_entry.pk)).status_code == 403
    assert not Entry.objects.filter(pk=deleted_entry.pk).exists()


def test_an_entry_deleted_over_30_days_ago_is_purged(client, diary, caregiver, deleted_entry):
    Entry.all_objects.filter(pk=deleted_entry.pk).update(deleted_at=days_ago(UNDO_PERIOD.days + 1))
    client.force_login(caregiver)
    client.post(url("entry_restore", diary, entry_id=deleted_entry.pk))
    assert not Entry.objects.filter(pk=deleted_entry.pk).exists()

    call_command("purge_deleted", stdout=StringIO())

    assert not Entry.all_objects.filter(pk=deleted_entry.pk).exists()
    assert Diary.objects.filter(pk=diary.pk).exists()


def test_another_diarys_deleted_entry_cannot_be_brought_back_through_this_one(
    client, diary, strangers_diary, stranger, patient
):
    theirs = services.add_entry(
        strangers_diary, {"date": timezone.localdate(), "notes": "Sam's"}, by=stranger
    )
    services.delete_entry(strangers_diary, theirs.pk, theirs.version, by=stranger)
    client.force_login(patient)
    client.post(url("entry_restore", diary, entry_id=theirs.pk))
    assert not Entry.objects.filter(pk=theirs.pk).exists()


def test_a_deleted_entry_cannot_be_opened_for_correction(client, diary, caregiver, deleted_entry):
    client.force_login(caregiver)
    response = client.get(url("entry_edit", diary, entry_id=deleted_entry.pk))
    assert response.status_code == 404


def test_assessments_are_untouched_by_deleting_an_entry(diary, assessment, deleted_entry):
    assert Assessment.objects.filter(pk=assessment.pk).exists()
