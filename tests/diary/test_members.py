import threading
import time

import pytest
from django.db import connections, transaction
from django.urls import reverse

from alscare.diary import services
from alscare.diary.models import Diary, Membership, Role


def url(name, diary, **kwargs):
    return reverse(f"diary:{name}", kwargs={"diary_id": diary.pk, **kwargs})


def membership(diary, user):
    return Membership.objects.get(diary=diary, user=user)


def test_a_signed_in_person_creates_a_diary_and_owns_it(client, stranger):
    client.force_login(stranger)
    response = client.post(reverse("diary:create"), {"patient_name": "  Jordan  "})
    diary = Diary.objects.get(patient_name="Jordan")
    assert response["Location"] == url("home", diary)
    assert membership(diary, stranger).role == Role.OWNER


def test_a_blank_name_is_refused(client, stranger):
    client.force_login(stranger)
    assert client.post(reverse("diary:create"), {"patient_name": "   "}).status_code == 200
    assert not Diary.objects.exists()


def test_someone_in_several_diaries_sees_them_all(client, caregiver, diary, strangers_diary, stranger):
    Membership.objects.create(diary=strangers_diary, user=caregiver, role=Role.VIEWER)
    client.force_login(caregiver)
    html = client.get(reverse("diary:index")).content.decode()
    assert "Diary for Alex Test" in html and "Diary for Sam Test" in html


def test_the_owner_changes_a_role(client, patient, caregiver, diary):
    client.force_login(patient)
    m = membership(diary, caregiver)
    client.post(url("change_role", diary, membership_id=m.pk), {"role": "viewer"})
    assert membership(diary, caregiver).role == Role.VIEWER


def test_an_unknown_role_is_refused(client, patient, caregiver, diary):
    client.force_login(patient)
    m = membership(diary, caregiver)
    client.post(url("change_role", diary, membership_id=m.pk), {"role": "emperor"})
    assert membership(diary, caregiver).role == Role.EDITOR


def test_the_last_owner_cannot_step_down_or_leave(client, patient, diary):
    Diary.objects.filter(pk=diary.pk).update(patient=None)  # the rule for a diary without a patient
    client.force_login(patient)
    m = membership(diary, patient)
    client.post(url("change_role", diary, membership_id=m.pk), {"role": "viewer"})
    response = client.post(url("leave", diary), {"confirm": "on"})
    assert "at least one owner" in response.content.decode()
    assert membership(diary, patient).role == Role.OWNER


def test_the_owner_removes_a_member_whose_entries_stay(client, patient, caregiver, diary, entry):
    client.force_login(patient)
    client.post(url("remove_member", diary, membership_id=membership(diary, caregiver).pk))
    assert not Membership.objects.filter(diary=diary, user=caregiver).exists()
    assert diary.entries.filter(pk=entry.pk, created_by=caregiver).exists()
    client.force_login(caregiver)
    assert client.get(url("home", diary)).status_code == 404


def test_removing_a_member_asks_first_and_changes_nothing_until_confirmed(client, patient, caregiver, diary):
    client.force_login(patient)

    response = client.get(url("remove_member", diary, membership_id=membership(diary, caregiver).pk))

    assert response.status_code == 200
    assert "Yes, remove caregiver" in response.content.decode()
    assert Membership.objects.filter(diary=diary, user=caregiver).exists()


def test_any_member_can_leave(client, viewer, diary):
    client.force_login(viewer)
    assert client.post(url("leave", diary), {}).status_code == 200, "leaving needs the confirmation"
    assert Membership.objects.filter(diary=diary, user=viewer).exists()
    client.post(url("leave", diary), {"confirm": "on"})
    assert not Membership.objects.filter(diary=diary, user=viewer).exists()


def test_a_membership_of_another_diary_cannot_be_touched(client, patient, diary, stranger, strangers_diary):
    client.force_login(patient)
    theirs = membership(strangers_diary, stranger)
    assert client.post(url("remove_member", diary, membership_id=theirs.pk)).status_code == 404
    assert (
        client.post(url("change_role", diary, membership_id=theirs.pk), {"role": "viewer"}).status_code == 404
    )
    assert membership(strangers_diary, stranger).role == Role.OWNER


def test_the_owner_deletes_the_diary_after_confirming(client, patient, caregiver, diary, entry):
    client.force_login(patient)
    client.post(url("delete", diary), {})
    assert Diary.objects.filter(pk=diary.pk).exists()
    client.post(url("delete", diary), {"confirm": "on"})
    assert not Diary.objects.filter(pk=diary.pk).exists()
    client.force_login(caregiver)
    assert client.get(url("home", diary)).status_code == 404


@pytest.mark.postgres
@pytest.mark.usefixtures("on_postgresql")
@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_let_two_owners_step_down_at_the_same_moment(patient, caregiver, diary):
    """Each owner's step-down sees the other as the owner who stays; only one may win."""
    Diary.objects.filter(pk=diary.pk).update(patient=None)  # two ordinary owners
    Membership.objects.filter(diary=diary, user=caregiver).update(role=Role.OWNER)
    results = {}
    both_started = threading.Barrier(2, timeout=10)

    def step_down(who, user):
        try:
            both_started.wait()
            with transaction.atomic():
                try:
                    services.change_role(membership(diary, user), Role.VIEWER)
                    results[who] = "stepped down"
                except services.DiaryRuleBroken:
                    results[who] = "refused"
                # Hold the transaction open so the other one overlaps it.
                time.sleep(0.3)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=step_down, args=(u.email, u)) for u in (patient, caregiver)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(results.values()) == ["refused", "stepped down"], results
    assert diary.memberships.filter(role=Role.OWNER).count() == 1
