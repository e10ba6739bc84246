"""Write operations on diaries. Views parse input, call one of these, and render.

Every function here keeps the diary's invariants: a diary always has at least one owner,
an invitation is used at most once, and an entry is never overwritten by a stale form.
"""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from alscare.mail import queue_mail

from . import alsfrs
from .models import Assessment, Diary, Entry, Invitation, Membership, Role

INVITATION_LIFETIME = timedelta(days=14)
INVITATIONS_PER_WINDOW = 10
INVITATION_WINDOW = timedelta(hours=1)


class DiaryRuleBroken(Exception):
    """A change that would break one of the diary's rules; the message says which, plainly."""


class EditConflict(Exception):
    """The entry changed (or vanished) after the form was opened. Nothing was saved."""

    def __init__(self, current):
        super().__init__("The entry was changed by someone else.")
        self.current = current  # the saved entry as it is now, or None if it was deleted


class InvitationProblem(Exception):
    """Why an invitation link cannot be used. `reason` is one of REASONS."""

    REASONS = ("not_found", "expired", "used", "revoked", "wrong_account", "already_member")

    def __init__(self, reason, invitation=None):
        assert reason in self.REASONS
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def hash_token(token):
    """The form in which an invitation token is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


# Diaries and members


@transaction.atomic
def create_diary(user, patient_name):
    """A new diary for `patient_name`, with `user` as its first owner."""
    diary = Diary.objects.create(patient_name=patient_name.strip())
    Membership.objects.create(diary=diary, user=user, role=Role.OWNER)
    return diary


def _lock_members_of(*diary_ids):
    """Lock the diaries' rows until the transaction ends, so changes to their members run one
    at a time: two owners stepping down at once must not both see the other as the owner
    who stays."""
    list(Diary.objects.select_for_update().filter(pk__in=diary_ids).order_by("pk").values_list("pk"))


def _other_owners_exist(membership):
    return (
        Membership.objects.filter(diary_id=membership.diary_id, role=Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def change_role(membership, role):
    """Give a member another role; DiaryRuleBroken if that would leave the diary without an owner."""
    _lock_members_of(membership.diary_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER and role != Role.OWNER and not _other_owners_exist(membership):
        raise DiaryRuleBroken("A diary needs at least one owner. Make someone else an owner first.")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership):
    """Remove a member (or let them leave). Their entries stay in the diary."""
    _lock_members_of(membership.diary_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER and not _other_owners_exist(membership):
        raise DiaryRuleBroken(
            "A diary needs at least one owner. Make someone else an owner first, or delete the diary."
        )
    membership.delete()


def delete_diary(diary):
    """Delete the diary with all its entries, self-assessments, members and invitations."""
    diary.delete()


# Invitations


def invite_member(diary, email, role, invited_by, accept_url_for):
    """Create an invitation and email its single-use link.

    `accept_url_for(token)` turns the raw token into an absolute URL. The raw token exists
    only in the email; the database keeps its hash. Earlier pending invitations to the same
    address for this diary are revoked, so only the newest link works. All of it happens in
    one transaction, and the mail is queued for when it commits: the old link keeps working
    unless the new one is saved, and no mail server is asked anything during the request.
    """
    email = email.strip()
    if Membership.objects.filter(diary=diary, user__email__iexact=email).exists():
        raise DiaryRuleBroken(f"{email} is already a member of this diary.")
    now = timezone.now()
    # Counted in the database, so the limit holds across every app server.
    if diary.invitations.filter(created_at__gte=now - INVITATION_WINDOW).count() >= INVITATIONS_PER_WINDOW:
        raise DiaryRuleBroken(
            f"This diary has sent {INVITATIONS_PER_WINDOW} invitations in the last hour. "
            "Please wait a while before sending more."
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(
            diary=diary, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            diary=diary,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=invited_by,
            expires_at=now + INVITATION_LIFETIME,
        )
        context = {
            "invitation": invitation,
            "inviter": invited_by,
            "accept_url": accept_url_for(token),
        }
        queue_mail(
            [email],
            "You are invited to a symptom diary on ALS Care",
            render_to_string("diary/email/invitation.txt", context),
        )
    return invitation, token


def revoke_invitation(invitation):
    """Make a pending invitation's link stop working; a used or revoked one stays as it is."""
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _verified_emails(user):
    """The addresses `user` has proven they read. An address merely added to an account, or
    the one typed at sign-up, does not count until its confirmation link is followed."""
    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def invitation_is_for(token, email):
    """Whether `token` is a pending, unexpired invitation sent to `email`: holding such a link
    proves the person reads that mailbox."""
    if not token or not email:
        return False
    return Invitation.objects.filter(
        token_hash=hash_token(token),
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()


def check_invitation(token, user):
    """The invitation behind `token` if `user` may accept it now, else InvitationProblem."""
    try:
        invitation = Invitation.objects.select_related("diary", "invited_by").get(
            token_hash=hash_token(token)
        )
    except Invitation.DoesNotExist:
        raise InvitationProblem("not_found") from None
    # The address comes first: someone else's account learns nothing from the link, not even
    # whether it was used, revoked or has expired. Only a verified address counts: anyone can
    # add an address to their account, so a forwarded link would otherwise let them in.
    if invitation.email.lower() not in _verified_emails(user):
        raise InvitationProblem("wrong_account", invitation)
    if invitation.revoked_at is not None:
        raise InvitationProblem("revoked", invitation)
    if invitation.accepted_at is not None:
        raise InvitationProblem("used", invitation)
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem("expired", invitation)
    if Membership.objects.filter(diary_id=invitation.diary_id, user=user).exists():
        raise InvitationProblem("already_member", invitation)
    return invitation


@transaction.atomic
def accept_invitation(token, user):
    """Make `user` a member with the invited role; the link can never be used again."""
    invitation = check_invitation(token, user)
    # The conditional update is what makes the link single-use, even if two requests race.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise InvitationProblem("used", invitation)
    return Membership.objects.create(diary=invitation.diary, user=user, role=invitation.role)


# Entries and assessments


def add_entry(diary, data, by):
    """A new entry in `diary`, written by `by`, from an EntryForm's entry_data()."""
    return Entry.objects.create(diary=diary, created_by=by, **data)


def update_entry(diary, entry_id, data, version, by):
    """Save `data` over entry `entry_id` only if it is still at `version`.

    A single conditional UPDATE ... WHERE version = n, so two saves racing on PostgreSQL
    cannot both win. On a lost race raise EditConflict carrying the saved entry.
    """
    updated = Entry.objects.filter(pk=entry_id, diary=diary, version=version).update(
        **data, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
    )
    if not updated:
        current = (
            Entry.objects.select_related("created_by", "updated_by").filter(pk=entry_id, diary=diary).first()
        )
        raise EditConflict(current)
    return Entry.objects.get(pk=entry_id)


def delete_entry(diary, entry_id, version):
    """Delete entry `entry_id` only if it is still at `version`; else EditConflict, nothing deleted."""
    deleted, _ = Entry.objects.filter(pk=entry_id, diary=diary, version=version).delete()
    if not deleted:
        current = Entry.objects.filter(pk=entry_id, diary=diary).first()
        raise EditConflict(current)


def record_assessment(diary, date, answers, by, cutting_food_with_tube=False):
    """Store a complete ALSFRS-R self-assessment; ValueError if the answers are incomplete."""
    return Assessment.objects.create(
        diary=diary,
        date=date,
        answers=answers,
        total=alsfrs.score(answers).total,
        cutting_food_with_tube=cutting_food_with_tube,
        created_by=by,
    )


def delete_assessment(assessment):
    """Delete one self-assessment for good."""
    assessment.delete()


# Accounts


def diaries_owned_only_by(user):
    """The diaries in which `user` is the only owner, in the order they joined them: those
    that are deleted with their account."""
    owned = {
        membership.diary_id: membership.diary
        for membership in Membership.objects.filter(user=user, role=Role.OWNER).select_related("diary")
    }
    co_owned = set(
        Membership.objects.filter(diary_id__in=owned, role=Role.OWNER)
        .exclude(user=user)
        .values_list("diary_id", flat=True)
    )
    return [diary for diary_id, diary in owned.items() if diary_id not in co_owned]


@transaction.atomic
def forget_member(user):
    """Before `user`'s account is deleted: delete the diaries they alone own.

    Their other memberships go with the account; entries they wrote stay, with no author,
    and the diary shows them as written by a former member.
    """
    owned = list(Membership.objects.filter(user=user, role=Role.OWNER).values_list("diary_id", flat=True))
    _lock_members_of(*owned)
    Diary.objects.filter(pk__in=[diary.pk for diary in diaries_owned_only_by(user)]).delete()


def forget_deleted_account(sender, instance, **kwargs):
    """pre_delete receiver for the user model: see forget_member."""
    forget_member(instance)
