"""The diary's activity record: who viewed, changed, exported or printed it, and when; kept
for a year, and on PostgreSQL nobody can change or delete a row before then."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from alscare.diary import services
from alscare.diary.models import ACTIVITY_RETENTION, Activity
from alscare.diary.permissions import diary_access_or_404

Kind = Activity.Kind


def url(name, diary, **kwargs):
    return reverse(f"diary:{name}", kwargs={"diary_id": diary.pk, **kwargs})


def kinds(diary, actor=None):
    rows = Activity.objects.filter(diary_id=diary.pk)
    if actor is not None:
        rows = rows.filter(actor=actor)
    return sorted(rows.values_list("kind", flat=True))


def test_viewing_printing_and_exporting_are_recorded(client, diary, patient, viewer):
    client.force_login(viewer)
    client.get(url("home", diary))
    client.get(url("trends", diary))  # the same hour: one "viewed" row
    client.get(url("summary", diary))
    client.force_login(patient)
    client.get(url("export_csv", diary), {"period": "all"})

    assert kinds(diary, viewer) == [Kind.PRINTED, Kind.VIEWED]
    assert kinds(diary, patient) == [Kind.EXPORTED]


def test_a_view_is_recorded_again_after_an_hour(client, diary, viewer):
    earlier = timezone.now() - services.VIEW_RECORD_INTERVAL - timedelta(minutes=1)
    Activity.objects.create(diary_id=diary.pk, actor=viewer, kind=Kind.VIEWED, at=earlier)
    client.force_login(viewer)
    client.get(url("home", diary))
    client.get(url("entries", diary))
    assert Activity.objects.filter(diary_id=diary.pk, actor=viewer).count() == 2


def test_changes_to_entries_and_members_are_recorded(client, diary, patient, caregiver, viewer, entry):
    client.force_login(caregiver)
    client.post(url("entry_delete", diary, entry_id=entry.pk), {"version": entry.version})
    client.post(url("entry_restore", diary, entry_id=entry.pk))
    client.force_login(patient)
    client.post(
        url("change_role", diary, membership_id=diary.memberships.get(user=viewer).pk), {"role": "editor"}
    )

    assert kinds(diary, caregiver) == sorted([Kind.ENTRY_ADDED, Kind.ENTRY_DELETED, Kind.ENTRY_RESTORED])
    role_change = Activity.objects.get(diary_id=diary.pk, kind=Kind.ROLE_CHANGED)
    assert (role_change.actor, role_change.member, role_change.detail) == (
        patient,
        viewer,
        "Viewer to Editor",
    )


def test_the_owners_and_the_patient_read_the_record_and_nobody_else(
    client, co_owned, patient, co_owner, caregiver
):
    client.force_login(caregiver)
    client.get(url("home", co_owned))
    assert client.get(url("activity", co_owned)).status_code == 403

    for who in (patient, co_owner):
        client.force_login(who)
        page = client.get(url("activity", co_owned)).content.decode()
        assert "caregiver viewed the diary" in page


def test_the_record_shows_actions_taken_for_the_patient(client, co_owned, patient, co_owner, caregiver):
    services.set_acting_for_patient(
        diary_access_or_404(patient, co_owned.pk), co_owned.memberships.get(user=co_owner)
    )
    client.force_login(co_owner)
    client.post(url("remove_member", co_owned, membership_id=co_owned.memberships.get(user=caregiver).pk))

    page = client.get(url("activity", co_owned)).content.decode()
    assert "removed a member (caregiver)" in page
    assert "acting for the patient" in page


def test_the_record_outlives_a_deleted_account_and_a_purged_diary(diary, patient, caregiver, entry):
    caregiver.delete()
    row = Activity.objects.get(diary_id=diary.pk, kind=Kind.ENTRY_ADDED)
    assert row.actor_id is not None  # never rewritten, even though the account is gone
    assert Activity.objects.select_related("actor").get(pk=row.pk).actor is None
    services.delete_diary(diary)
    services.purge_deleted(now=timezone.now() + timedelta(days=31))
    assert Activity.objects.filter(diary_id=diary.pk, kind=Kind.DIARY_DELETED).exists()


def test_pruning_deletes_only_what_is_over_a_year_old(diary, patient):
    old = Activity.objects.create(
        diary_id=diary.pk,
        actor=patient,
        kind=Kind.VIEWED,
        at=timezone.now() - ACTIVITY_RETENTION - timedelta(days=2),
    )
    recent = Activity.objects.create(
        diary_id=diary.pk,
        actor=patient,
        kind=Kind.VIEWED,
        at=timezone.now() - ACTIVITY_RETENTION + timedelta(days=2),
    )
    out = StringIO()

    call_command("prune_diary_activity", stdout=out)

    assert "Deleted 1 activity rows" in out.getvalue()
    assert not Activity.objects.filter(pk=old.pk).exists()
    assert Activity.objects.filter(pk=recent.pk).exists()


# The database's own guard (PostgreSQL): rows are insert-only until they are a year old.

REFUSED = (InternalError, IntegrityError)


@pytest.fixture
def row(diary, patient, on_postgresql):
    return Activity.objects.create(diary_id=diary.pk, actor=patient, kind=Kind.VIEWED)


def test_the_database_refuses_to_change_a_row(row):
    with pytest.raises(REFUSED, match="pgtrigger"), transaction.atomic():
        Activity.objects.filter(pk=row.pk).update(kind=Kind.EXPORTED)
    with pytest.raises(REFUSED, match="pgtrigger"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE diary_activity SET at = now() - interval '2 years' WHERE id = %s", [row.pk])
    assert Activity.objects.get(pk=row.pk).kind == Kind.VIEWED


def test_the_database_refuses_to_delete_a_row_younger_than_a_year(row):
    with pytest.raises(REFUSED, match="pgtrigger"), transaction.atomic():
        Activity.objects.filter(pk=row.pk).delete()
    with pytest.raises(REFUSED, match="pgtrigger"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM diary_activity WHERE id = %s", [row.pk])
    with pytest.raises(REFUSED, match="pgtrigger"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM diary_activity")
    assert Activity.objects.filter(pk=row.pk).exists()


def test_the_database_lets_a_row_over_a_year_old_be_deleted(diary, patient, on_postgresql):
    old = Activity.objects.create(
        diary_id=diary.pk, actor=patient, kind=Kind.VIEWED, at=timezone.now() - timedelta(days=367)
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM diary_activity WHERE id = %s", [old.pk])
    assert not Activity.objects.filter(pk=old.pk).exists()


def test_deleting_an_account_or_a_diary_never_touches_the_record(
    diary, patient, caregiver, entry, on_postgresql
):
    """If a cascade reached the record, the trigger would refuse and the deletion would fail."""
    caregiver.delete()
    services.delete_diary(diary)
    services.purge_deleted(now=timezone.now() + timedelta(days=31))
    patient.delete()
    assert Activity.objects.filter(diary_id=diary.pk).count() >= 2
