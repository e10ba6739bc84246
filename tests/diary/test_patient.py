"""The person the diary is about keeps control of it.

The cast: Alex's diary has its patient (who also holds an owner's membership), a co-owner
who is not the patient, an editor and a viewer. These tests run on PostgreSQL in CI.
"""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from alscare.diary import services
from alscare.diary.models import Activity, Diary, Membership, Role
from alscare.diary.permissions import diary_access_or_404

from .conftest import make_user


def url(name, diary, **kwargs):
    return reverse(f"diary:{name}", kwargs={"diary_id": diary.pk, **kwargs})


def membership(diary, user):
    return Membership.objects.get(diary=diary, user=user)


def state_of(diary):
    """Everything a refused request must leave as it was."""
    diary = Diary.all_objects.get(pk=diary.pk)
    members = sorted(diary.memberships.values_list("user__email", "role", "waiting_for_approval"))
    return (diary.patient_id, diary.deleted_at, diary.acting_for_patient_id, members)


# Nobody can remove, demote or replace the patient.


def test_a_co_owner_cannot_remove_the_patient(client, co_owned, patient, co_owner):
    before = state_of(co_owned)
    client.force_login(co_owner)
    target = url("remove_member", co_owned, membership_id=membership(co_owned, patient).pk)

    assert client.get(target).status_code == 403
    assert client.post(target).status_code == 403
    assert state_of(co_owned) == before


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER, Role.OWNER])
def test_a_co_owner_cannot_demote_or_change_the_patient(client, co_owned, patient, co_owner, role):
    before = state_of(co_owned)
    client.force_login(co_owner)

    response = client.post(
        url("change_role", co_owned, membership_id=membership(co_owned, patient).pk), {"role": role}
    )

    assert response.status_code == 403
    assert state_of(co_owned) == before


def test_a_co_owner_cannot_delete_the_diary(client, co_owned, co_owner, entry):
    before = state_of(co_owned)
    client.force_login(co_owner)

    assert client.get(url("delete", co_owned)).status_code == 403
    assert client.post(url("delete", co_owned), {"confirm": "on"}).status_code == 403
    assert state_of(co_owned) == before
    assert co_owned.entries.filter(pk=entry.pk).exists()


def test_the_services_refuse_to_touch_the_patient_whoever_asks(co_owned, patient, co_owner):
    """Even a caller that skipped the permission check cannot remove or demote the patient."""
    before = state_of(co_owned)
    as_co_owner = diary_access_or_404(co_owner, co_owned.pk)
    with pytest.raises(services.DiaryRuleBroken):
        services.remove_member(membership(co_owned, patient), by=as_co_owner)
    with pytest.raises(services.DiaryRuleBroken):
        services.change_role(membership(co_owned, patient), Role.VIEWER)
    with pytest.raises(services.DiaryRuleBroken):
        services.change_role(membership(co_owned, patient), Role.VIEWER, by=as_co_owner)
    assert state_of(co_owned) == before


def test_the_patient_cannot_leave_but_can_delete(client, diary, patient):
    client.force_login(patient)
    response = client.post(url("leave", diary), {"confirm": "on"})
    assert "cannot leave" in response.content.decode()
    assert membership(diary, patient).role == Role.OWNER


def test_nobody_can_invite_another_patient_while_the_diary_has_one(client, co_owned, patient, co_owner):
    for who in (patient, co_owner):
        client.force_login(who)
        response = client.post(url("invite_patient", co_owned), {"email": "someone@example.com"})
        assert response.status_code == 403
    assert not co_owned.invitations.filter(as_patient=True).exists()
    with pytest.raises(services.DiaryRuleBroken):
        services.invite_member(co_owned, "x@example.com", Role.OWNER, co_owner, lambda t: t, as_patient=True)


# The patient can remove any member or change their role alone.


def test_the_patient_removes_a_co_owner_alone(client, co_owned, patient, co_owner):
    client.force_login(patient)
    response = client.post(url("remove_member", co_owned, membership_id=membership(co_owned, co_owner).pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(diary=co_owned, user=co_owner).exists()


def test_the_patient_demotes_a_co_owner_alone(client, co_owned, patient, co_owner):
    client.force_login(patient)
    client.post(
        url("change_role", co_owned, membership_id=membership(co_owned, co_owner).pk), {"role": Role.VIEWER}
    )
    assert membership(co_owned, co_owner).role == Role.VIEWER


def test_a_co_owner_still_manages_ordinary_members(client, co_owned, co_owner, caregiver):
    client.force_login(co_owner)
    client.post(
        url("change_role", co_owned, membership_id=membership(co_owned, caregiver).pk), {"role": Role.VIEWER}
    )
    assert membership(co_owned, caregiver).role == Role.VIEWER


# Only the patient deletes the diary; without a patient account, the owners, as before.


def test_the_patient_deletes_the_diary(client, co_owned, patient):
    client.force_login(patient)
    response = client.post(url("delete", co_owned), {"confirm": "on"})
    assert response.status_code == 302
    assert not Diary.objects.filter(pk=co_owned.pk).exists()
    assert Diary.all_objects.get(pk=co_owned.pk).deleted_at is not None


def test_without_a_patient_any_owner_deletes_the_diary(client, co_owned, co_owner):
    Diary.objects.filter(pk=co_owned.pk).update(patient=None)
    client.force_login(co_owner)
    assert client.post(url("delete", co_owned), {"confirm": "on"}).status_code == 302
    assert not Diary.objects.filter(pk=co_owned.pk).exists()


# The patient's setting: new members wait for approval.


def test_only_the_patient_changes_whether_new_members_wait(client, co_owned, patient, co_owner):
    client.force_login(co_owner)
    response = client.post(url("approval_setting", co_owned), {"new_members_need_approval": "on"})
    assert response.status_code == 403
    assert not Diary.objects.get(pk=co_owned.pk).new_members_need_approval

    client.force_login(patient)
    client.post(url("approval_setting", co_owned), {"new_members_need_approval": "on"})
    assert Diary.objects.get(pk=co_owned.pk).new_members_need_approval
    client.post(url("approval_setting", co_owned), {})
    assert not Diary.objects.get(pk=co_owned.pk).new_members_need_approval


def test_a_new_member_waits_until_the_patient_lets_them_in(client, diary, patient, invitation):
    Diary.objects.filter(pk=diary.pk).update(new_members_need_approval=True)
    newcomer = make_user("newcomer@example.com")
    client.force_login(newcomer)
    client.post(reverse("diary:invitation", kwargs={"token": invitation.raw_token}))

    waiting = membership(diary, newcomer)
    assert waiting.waiting_for_approval
    assert client.get(url("home", diary)).status_code == 404
    assert "opens for you once its patient agrees" in client.get(reverse("diary:index")).content.decode()

    client.force_login(patient)
    home = client.get(url("home", diary)).content.decode()
    assert "1 person is waiting for your approval" in home
    client.post(url("approve_member", diary, membership_id=waiting.pk))

    client.force_login(newcomer)
    assert client.get(url("home", diary)).status_code == 200


def test_a_co_owner_cannot_let_a_waiting_member_in(client, co_owned, co_owner, invitation):
    Diary.objects.filter(pk=co_owned.pk).update(new_members_need_approval=True)
    newcomer = make_user("newcomer@example.com")
    services.accept_invitation(invitation.raw_token, newcomer)
    client.force_login(co_owner)
    response = client.post(url("approve_member", co_owned, membership_id=membership(co_owned, newcomer).pk))
    assert response.status_code == 403
    assert membership(co_owned, newcomer).waiting_for_approval


# Acting for the patient.


def test_the_patient_names_one_owner_to_act_for_them(client, co_owned, patient, co_owner, caregiver):
    client.force_login(patient)
    client.post(url("acting_for_patient", co_owned), {"member": membership(co_owned, co_owner).pk})
    assert Diary.objects.get(pk=co_owned.pk).acting_for_patient == membership(co_owned, co_owner)

    client.force_login(co_owner)
    client.post(url("remove_member", co_owned, membership_id=membership(co_owned, caregiver).pk))
    assert client.post(url("delete", co_owned), {"confirm": "on"}).status_code == 302

    labelled = Activity.objects.filter(diary_id=co_owned.pk, actor=co_owner, acting_for_patient=True)
    assert set(labelled.values_list("kind", flat=True)) == {
        Activity.Kind.REMOVED,
        Activity.Kind.DIARY_DELETED,
    }


def test_the_member_acting_for_the_patient_still_cannot_touch_the_patient(
    client, co_owned, patient, co_owner
):
    Diary.objects.filter(pk=co_owned.pk).update(acting_for_patient=membership(co_owned, co_owner))
    before = state_of(co_owned)
    client.force_login(co_owner)
    target = membership(co_owned, patient).pk
    assert client.post(url("remove_member", co_owned, membership_id=target)).status_code == 403
    assert (
        client.post(url("change_role", co_owned, membership_id=target), {"role": "viewer"}).status_code == 403
    )
    # Nor grant or withdraw acting, nor change the patient's setting.
    assert client.post(url("acting_for_patient", co_owned), {"member": ""}).status_code == 403
    assert (
        client.post(url("approval_setting", co_owned), {"new_members_need_approval": "on"}).status_code == 403
    )
    assert state_of(co_owned) == before


def test_other_owners_cannot_remove_or_demote_the_member_acting_for_the_patient(
    client, co_owned, patient, co_owner, caregiver
):
    Membership.objects.filter(diary=co_owned, user=caregiver).update(role=Role.OWNER)
    Diary.objects.filter(pk=co_owned.pk).update(acting_for_patient=membership(co_owned, co_owner))
    before = state_of(co_owned)
    client.force_login(caregiver)
    target = membership(co_owned, co_owner).pk
    assert client.post(url("remove_member", co_owned, membership_id=target)).status_code == 403
    assert (
        client.post(url("change_role", co_owned, membership_id=target), {"role": "viewer"}).status_code == 403
    )
    assert state_of(co_owned) == before


def test_only_an_owner_can_act_for_the_patient(client, diary, patient, caregiver):
    client.force_login(patient)
    client.post(url("acting_for_patient", diary), {"member": membership(diary, caregiver).pk})
    assert Diary.objects.get(pk=diary.pk).acting_for_patient is None


def test_demoting_the_acting_member_withdraws_it(client, co_owned, patient, co_owner):
    Diary.objects.filter(pk=co_owned.pk).update(acting_for_patient=membership(co_owned, co_owner))
    client.force_login(patient)
    client.post(
        url("change_role", co_owned, membership_id=membership(co_owned, co_owner).pk), {"role": Role.EDITOR}
    )
    assert Diary.objects.get(pk=co_owned.pk).acting_for_patient is None


# Inviting the patient.


@pytest.fixture
def caregivers_diary(caregiver):
    """A diary a caregiver started for someone without an account: no patient yet."""
    return services.create_diary(caregiver, "Robin Test")


def _invite_patient(client, diary, owner, email="robin@example.com"):
    client.force_login(owner)
    # The invitation mail is queued for when the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url("invite_patient", diary), {"email": email})
    token = mail.outbox[-1].body.split("/diary/invitations/")[1].split("/")[0]
    return token


def test_an_owner_invites_the_person_as_the_patient(client, caregivers_diary, caregiver):
    token = _invite_patient(client, caregivers_diary, caregiver)
    assert "as its patient" in mail.outbox[-1].body
    robin = make_user("robin@example.com")
    client.force_login(robin)

    response = client.post(reverse("diary:invitation", kwargs={"token": token}))

    assert response.status_code == 302
    diary = Diary.objects.get(pk=caregivers_diary.pk)
    assert diary.patient == robin
    assert membership(diary, robin).role == Role.OWNER
    # From now on, the caregiver who started it cannot delete it.
    client.force_login(caregiver)
    assert client.post(url("delete", diary), {"confirm": "on"}).status_code == 403


def test_only_a_verified_matching_address_becomes_the_patient(client, caregivers_diary, caregiver):
    from allauth.account.models import EmailAddress

    token = _invite_patient(client, caregivers_diary, caregiver)
    robin = make_user("robin@example.com")
    EmailAddress.objects.filter(user=robin).update(verified=False)
    client.force_login(robin)

    response = client.post(reverse("diary:invitation", kwargs={"token": token}))

    assert response.status_code == 403
    assert "not confirmed yet" in response.content.decode()
    assert Diary.objects.get(pk=caregivers_diary.pk).patient is None
    assert not Membership.objects.filter(diary=caregivers_diary, user=robin).exists()


def test_an_unverified_second_address_does_not_make_anyone_the_patient(
    client, caregivers_diary, caregiver, stranger
):
    from allauth.account.models import EmailAddress

    token = _invite_patient(client, caregivers_diary, caregiver)
    EmailAddress.objects.create(user=stranger, email="robin@example.com", verified=False)
    client.force_login(stranger)
    assert client.post(reverse("diary:invitation", kwargs={"token": token})).status_code == 403
    assert Diary.objects.get(pk=caregivers_diary.pk).patient is None


def test_an_editor_invited_as_the_patient_becomes_the_patient(client, caregivers_diary, caregiver):
    robin = make_user("robin@example.com")
    Membership.objects.create(diary=caregivers_diary, user=robin, role=Role.EDITOR)
    token = _invite_patient(client, caregivers_diary, caregiver)
    client.force_login(robin)
    client.post(reverse("diary:invitation", kwargs={"token": token}))
    assert Diary.objects.get(pk=caregivers_diary.pk).patient == robin
    assert membership(caregivers_diary, robin).role == Role.OWNER


# The patient is told whenever someone joins, changes role or leaves.


def _notices(patient):
    return [m for m in mail.outbox if m.to == [patient.email]]


def test_the_patient_is_emailed_when_someone_joins_without_health_data(
    client, diary, patient, entry, invitation, django_capture_on_commit_callbacks
):
    newcomer = make_user("newcomer@example.com")
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("diary:invitation", kwargs={"token": invitation.raw_token}))

    [notice] = _notices(patient)
    text = notice.subject + notice.body
    assert "Someone joined" in notice.body
    assert url("members", diary) in notice.body
    for private in (
        diary.patient_name,
        "Alex",
        entry.notes,
        "newcomer@example.com",
        "walking",
        "ALS Care diary for",
    ):
        assert private not in text, private


def test_the_patient_is_emailed_when_a_role_changes_or_someone_leaves(
    client, co_owned, patient, co_owner, caregiver, viewer, django_capture_on_commit_callbacks
):
    client.force_login(co_owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("change_role", co_owned, membership_id=membership(co_owned, caregiver).pk), {"role": "viewer"}
        )
    client.force_login(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("leave", co_owned), {"confirm": "on"})

    bodies = [m.body for m in _notices(patient)]
    assert len(bodies) == 2
    assert "role changed" in bodies[0] and "left" in bodies[1]


def test_the_patient_sees_who_joined_and_left_on_the_diary_home(client, co_owned, patient, co_owner, viewer):
    client.force_login(viewer)
    client.post(url("leave", co_owned), {"confirm": "on"})
    client.force_login(patient)
    home = client.get(url("home", co_owned)).content.decode()
    assert "Changes to who can open this diary" in home
    assert "viewer left the diary" in home
    # Other owners do not get the patient's notices.
    client.force_login(co_owner)
    assert "Changes to who can open this diary" not in client.get(url("home", co_owned)).content.decode()


def test_no_mail_is_sent_when_the_change_is_refused(
    client, co_owned, patient, co_owner, django_capture_on_commit_callbacks
):
    client.force_login(co_owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("remove_member", co_owned, membership_id=membership(co_owned, patient).pk))
    assert _notices(patient) == []


def test_the_patient_is_not_emailed_about_their_own_changes(
    client, diary, patient, caregiver, django_capture_on_commit_callbacks
):
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("remove_member", diary, membership_id=membership(diary, caregiver).pk))
    assert _notices(patient) == []


# Starting a diary, and the patient's account going away.


def test_a_person_starting_their_own_diary_becomes_its_patient(client, stranger):
    client.force_login(stranger)
    client.post(reverse("diary:create"), {"patient_name": "Me", "about_me": "on"})
    client.post(reverse("diary:create"), {"patient_name": "My mother"})
    assert Diary.objects.get(patient_name="Me").patient == stranger
    assert Diary.objects.get(patient_name="My mother").patient is None


def test_when_the_patient_deletes_their_account_the_co_owners_keep_the_diary(
    co_owned, patient, co_owner, entry
):
    patient.delete()
    diary = Diary.objects.get(pk=co_owned.pk)
    assert diary.patient is None
    assert diary.entries.filter(pk=entry.pk).exists()
    assert membership(diary, co_owner).role == Role.OWNER


def test_an_owner_may_still_step_down_but_the_patient_may_not(client, co_owned, patient, co_owner):
    client.force_login(co_owner)
    client.post(
        url("change_role", co_owned, membership_id=membership(co_owned, co_owner).pk), {"role": Role.EDITOR}
    )
    assert membership(co_owned, co_owner).role == Role.EDITOR

    client.force_login(patient)
    client.post(
        url("change_role", co_owned, membership_id=membership(co_owned, patient).pk), {"role": Role.VIEWER}
    )
    assert membership(co_owned, patient).role == Role.OWNER


def test_acting_withdrawn_after_the_page_opened_stops_the_deletion(co_owned, patient, co_owner):
    Diary.objects.filter(pk=co_owned.pk).update(acting_for_patient=membership(co_owned, co_owner))
    opened_while_acting = diary_access_or_404(co_owner, co_owned.pk)
    services.set_acting_for_patient(diary_access_or_404(patient, co_owned.pk), None)

    with pytest.raises(services.DiaryRuleBroken):
        services.delete_diary(co_owned, by=opened_while_acting)
    assert Diary.objects.filter(pk=co_owned.pk).exists()
