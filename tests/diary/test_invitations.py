from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alscare.diary import services
from alscare.diary.models import Invitation, Membership, Role

from .conftest import make_user

NEW_PASSWORD = "a-long-pass-phrase-9"


def accept_url(invitation):
    return reverse("diary:invitation", kwargs={"token": invitation.raw_token})


@pytest.fixture
def newcomer(db):
    return make_user("newcomer@example.com")


def test_it_emails_a_single_use_link_and_stores_only_its_hash(invitation):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["newcomer@example.com"]
    assert invitation.raw_token in message.body
    assert "Alex Test" in message.body
    stored = Invitation.objects.get(pk=invitation.pk)
    assert invitation.raw_token not in stored.token_hash
    assert stored.token_hash == services.hash_token(invitation.raw_token)
    assert abs(stored.expires_at - stored.created_at - timedelta(days=14)) < timedelta(seconds=5)


def test_the_owner_invites_through_the_members_page(
    client, patient, diary, django_capture_on_commit_callbacks
):
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("diary:invite", kwargs={"diary_id": diary.pk}),
            {"email": "friend@example.com", "role": "viewer"},
        )
    assert response.status_code == 302
    assert Invitation.objects.get(email="friend@example.com").role == Role.VIEWER
    assert "/diary/invitations/" in mail.outbox[0].body
    page = client.get(reverse("diary:members", kwargs={"diary_id": diary.pk})).content.decode()
    assert "friend@example.com" in page


def test_an_owner_can_send_only_so_many_invitations_an_hour(
    client, patient, diary, django_capture_on_commit_callbacks
):
    client.force_login(patient)
    url = reverse("diary:invite", kwargs={"diary_id": diary.pk})
    for number in range(services.INVITATIONS_PER_WINDOW):
        client.post(url, {"email": f"friend{number}@example.com", "role": "viewer"})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(url, {"email": "one-more@example.com", "role": "viewer"}, follow=True)

    assert "Please wait a while" in response.content.decode()
    assert not Invitation.objects.filter(email="one-more@example.com").exists()
    assert mail.outbox == [] and queued == []


def test_it_works(client, invitation, newcomer, diary):
    client.force_login(newcomer)
    page = client.get(accept_url(invitation))
    assert page.status_code == 200
    assert "Join the diary for Alex Test" in page.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists(), "opening the link alone grants nothing"

    response = client.post(accept_url(invitation))
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer, diary=diary).role == Role.EDITOR
    assert client.get(reverse("diary:home", kwargs={"diary_id": diary.pk})).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(client, invitation):
    response = client.get(accept_url(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_a_new_person_signs_up_then_accepts(client, invitation, diary):
    response = client.post(
        reverse("account_signup") + "?next=" + accept_url(invitation),
        {
            "email": "newcomer@example.com",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
            "next": accept_url(invitation),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == accept_url(invitation)
    client.post(accept_url(invitation))
    assert diary.memberships.filter(user__email="newcomer@example.com", role=Role.EDITOR).exists()


def _problem(client, user, invitation, method="get"):
    client.force_login(user)
    response = getattr(client, method)(accept_url(invitation))
    return response, response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_gets_a_clear_page_and_no_access(client, invitation, newcomer, method):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response, html = _problem(client, newcomer, invitation, method)
    assert response.status_code == 410
    assert "has expired" in html
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_used_link_cannot_be_used_again(client, invitation, newcomer, diary):
    client.force_login(newcomer)
    client.post(accept_url(invitation))
    Membership.objects.filter(user=newcomer).delete()  # they leave; the link stays spent

    response, html = _problem(client, newcomer, invitation, "post")
    assert response.status_code == 410
    assert "already been used" in html
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_revoked_link_gets_a_clear_page(client, invitation, newcomer, patient, diary):
    client.force_login(patient)
    client.post(
        reverse("diary:revoke_invitation", kwargs={"diary_id": diary.pk, "invitation_id": invitation.pk})
    )
    response, html = _problem(client, newcomer, invitation, "post")
    assert response.status_code == 410
    assert "cancelled" in html
    assert not Membership.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_link_is_refused(client, invitation, stranger, method):
    response, html = _problem(client, stranger, invitation, method)
    assert response.status_code == 403
    assert "different email address" in html
    assert "Alex Test" not in html, "the page must not reveal the diary to the wrong person"
    assert not Membership.objects.filter(user=stranger, diary=invitation.diary).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_an_unknown_token_is_not_found(client, stranger):
    client.force_login(stranger)
    response = client.get(reverse("diary:invitation", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_it_refuses_to_invite_someone_already_a_member(
    client, patient, diary, django_capture_on_commit_callbacks
):
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(
            reverse("diary:invite", kwargs={"diary_id": diary.pk}),
            {"email": "Caregiver@Example.com", "role": "viewer"},
        )
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox and not queued


def test_a_member_opening_an_invitation_keeps_their_role(client, diary, patient, caregiver):
    invitation, token = services.invite_member(
        diary, "someone@example.com", Role.VIEWER, patient, lambda t: t
    )
    Invitation.objects.filter(pk=invitation.pk).update(email="caregiver@example.com")
    client.force_login(caregiver)
    response = client.post(reverse("diary:invitation", kwargs={"token": token}))
    assert "already a member" in response.content.decode()
    assert Membership.objects.get(user=caregiver, diary=diary).role == Role.EDITOR


def test_a_new_invitation_to_the_same_address_replaces_the_old_one(diary, patient, invitation, newcomer):
    _, second_token = services.invite_member(diary, "newcomer@example.com", Role.VIEWER, patient, lambda t: t)
    with pytest.raises(services.InvitationProblem) as problem:
        services.check_invitation(invitation.raw_token, newcomer)
    assert problem.value.reason == "revoked"
    assert services.accept_invitation(second_token, newcomer).role == Role.VIEWER


def test_the_owner_sees_pending_invitations_and_others_do_not(client, invitation, patient, caregiver, diary):
    url = reverse("diary:members", kwargs={"diary_id": diary.pk})
    client.force_login(patient)
    assert "newcomer@example.com" in client.get(url).content.decode()
    client.force_login(caregiver)
    assert "newcomer@example.com" not in client.get(url).content.decode()


@pytest.mark.parametrize("state", ["used", "revoked", "expired"])
def test_it_refuses_someone_elses_spent_link_without_saying_what_became_of_it(
    client, invitation, newcomer, stranger, state
):
    if state == "used":
        services.accept_invitation(invitation.raw_token, newcomer)
    elif state == "revoked":
        services.revoke_invitation(invitation)
    else:
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    for method in ("get", "post"):
        response, html = _problem(client, stranger, invitation, method)
        assert response.status_code == 403
        assert "different email address" in html
        for telltale in ("already been used", "cancelled", "expired", "Alex Test"):
            assert telltale not in html


def test_it_refuses_an_account_that_only_added_the_address_unverified(client, invitation, stranger, diary):
    """A forwarded or leaked link must not let another account add the invited address under
    /accounts/email/ and take the diary."""
    client.force_login(stranger)
    # Even coming "from the link": only signing up from it proves an address.
    client.post(
        reverse("account_email") + f"?next={accept_url(invitation)}",
        {"action_add": "", "email": "newcomer@example.com", "next": accept_url(invitation)},
    )
    assert stranger.emailaddress_set.filter(email="newcomer@example.com", verified=False).exists()

    response = client.post(accept_url(invitation))

    assert response.status_code == 403
    assert not Membership.objects.filter(diary=diary, user=stranger).exists()


def test_signing_up_with_the_invited_address_but_without_the_link_does_not_prove_it(
    client, invitation, diary
):
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert not EmailAddress.objects.filter(email="newcomer@example.com", verified=True).exists()
    response = client.post(accept_url(invitation))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Membership.objects.filter(diary=diary, user__email="newcomer@example.com").exists()


def test_signing_up_from_the_invitation_link_proves_the_address_and_joins(client, invitation, diary):
    login_page = client.get(accept_url(invitation))
    assert login_page.status_code == 302
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Newcomer@Example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "next": accept_url(invitation),
        },
    )
    assert response.status_code == 302 and response["Location"] == accept_url(invitation)
    assert EmailAddress.objects.filter(email__iexact="newcomer@example.com", verified=True).exists()

    client.post(accept_url(invitation))

    assert Membership.objects.filter(diary=diary, user__email__iexact="newcomer@example.com").exists()


def test_a_link_for_another_address_proves_nothing_at_sign_up(client, invitation):
    client.post(
        reverse("account_signup"),
        {
            "email": "someone-else@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "next": accept_url(invitation),
        },
    )
    assert not EmailAddress.objects.filter(email="someone-else@example.com", verified=True).exists()
