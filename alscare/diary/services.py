"""Write operations on diaries. Views parse input, call one of these, and render.

Every function here keeps the diary's invariants: a diary always has at least one owner,
nobody removes, demotes or replaces its patient, an invitation is used at most once, an
entry is never overwritten by a stale form, and what was deleted can be brought back for
UNDO_PERIOD. What people do is written to the diary's activity record.
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
from .models import (
    ACTIVITY_RETENTION,
    UNDO_PERIOD,
    Activity,
    Assessment,
    Diary,
    Entry,
    Invitation,
    Membership,
    Role,
)
from .permissions import DiaryAccess, can_change_member, can_delete_diary

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

    REASONS = (
        "not_found",
        "expired",
        "used",
        "revoked",
        "wrong_account",
        "already_member",
        "has_patient",
    )

    def __init__(self, reason, invitation=None):
        assert reason in self.REASONS
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def hash_token(token):
    """The form in which an invitation token is stored and looked up."""
    return hashlib.sha256(token.encode()).hexdigest()


# The activity record


# A person's views of one diary are recorded once in this long, so the record stays readable.
VIEW_RECORD_INTERVAL = timedelta(hours=1)

# Changes to who may open the diary: the patient is told of each.
MEMBERSHIP_CHANGES = (
    Activity.Kind.JOINED,
    Activity.Kind.APPROVED,
    Activity.Kind.ROLE_CHANGED,
    Activity.Kind.REMOVED,
    Activity.Kind.LEFT,
)


def record_activity(diary, actor, kind, member=None, detail="", acting_for_patient=False):
    """Add one row to the diary's activity record (rows are never changed afterwards)."""
    return Activity.objects.create(
        diary_id=diary.pk,
        actor=actor,
        kind=kind,
        member=member,
        detail=detail[: Activity._meta.get_field("detail").max_length],
        acting_for_patient=acting_for_patient,
    )


def record_visit(access, kind=Activity.Kind.VIEWED):
    """Record that the member opened the diary (or its summary to print), at most once per
    VIEW_RECORD_INTERVAL for the same person, diary and kind."""
    recent = Activity.objects.filter(
        diary_id=access.diary.pk,
        actor_id=access.membership.user_id,
        kind=kind,
        at__gte=timezone.now() - VIEW_RECORD_INTERVAL,
    )
    if not recent.exists():
        record_activity(access.diary, access.membership.user, kind)


def activity_of(diary):
    """The diary's activity within ACTIVITY_RETENTION, newest first, with who did it."""
    return Activity.objects.filter(
        diary_id=diary.pk, at__gte=timezone.now() - ACTIVITY_RETENTION
    ).select_related("actor", "member")


def recent_membership_changes(diary, limit=5):
    """What the diary home tells the patient: the latest changes to who may open it."""
    return list(activity_of(diary).filter(kind__in=MEMBERSHIP_CHANGES)[:limit])


PATIENT_NOTICE_SUBJECT = "A change to who can open your diary on ALS Care"
PATIENT_NOTICE = {
    Activity.Kind.JOINED: "Someone joined a diary you keep on ALS Care.",
    Activity.Kind.APPROVED: "A member you let in can now open a diary you keep on ALS Care.",
    Activity.Kind.ROLE_CHANGED: "A member's role changed in a diary you keep on ALS Care.",
    Activity.Kind.REMOVED: "A member was removed from a diary you keep on ALS Care.",
    Activity.Kind.LEFT: "A member left a diary you keep on ALS Care.",
}


def notify_patient(diary, kind, members_url=None, waiting=False, actor=None):
    """Email the patient (if the diary has one) that who may open it changed, unless the
    patient made the change themselves.

    The mail names no one and carries no health data, not even the patient's name: only
    that something changed and where to look, since a mailbox may be read by others.
    """
    if diary.patient_id is None or (actor is not None and actor.pk == diary.patient_id):
        return
    patient_email = diary.patient.email
    if not patient_email:
        return
    lines = [PATIENT_NOTICE[kind]]
    if waiting:
        lines.append("They are waiting for your approval before they can open it.")
    where = members_url or "the diary's Members page after you log in"
    lines += ["", f"To see who and when, open {where}", "", "ALS Care"]
    queue_mail([patient_email], PATIENT_NOTICE_SUBJECT, "\n".join(lines))


# Diaries and members


@transaction.atomic
def create_diary(user, patient_name, is_patient=False):
    """A new diary for `patient_name`, with `user` as its first owner (and its patient, if
    the diary is about them)."""
    diary = Diary.objects.create(patient_name=patient_name.strip(), patient=user if is_patient else None)
    Membership.objects.create(diary=diary, user=user, role=Role.OWNER)
    return diary


def _lock_members_of(*diary_ids):
    """Lock the diaries' rows until the transaction ends, so changes to their members run one
    at a time: two owners stepping down at once must not both see the other as the owner
    who stays."""
    list(Diary.all_objects.select_for_update().filter(pk__in=diary_ids).order_by("pk").values_list("pk"))


def _other_owners_exist(membership):
    return (
        Membership.objects.filter(diary_id=membership.diary_id, role=Role.OWNER, waiting_for_approval=False)
        .exclude(pk=membership.pk)
        .exists()
    )


def _locked(membership):
    """The membership and its diary as they are now, locked until the transaction ends."""
    _lock_members_of(membership.diary_id)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    membership.diary = Diary.all_objects.get(pk=membership.diary_id)
    return membership


def _refuse_if_patient(membership, what):
    if membership.diary.patient_id is not None and membership.user_id == membership.diary.patient_id:
        raise DiaryRuleBroken(f"Nobody can {what} the person this diary is about.")


def _refuse_unless_allowed(by, membership):
    """With `by` (the acting member's DiaryAccess), check again under the lock that they may
    change this member: the rules may have changed since the page was opened."""
    if by is None:
        return
    own = Membership.objects.filter(pk=by.membership.pk, waiting_for_approval=False).first()
    if own is None or not can_change_member(DiaryAccess(membership.diary, own), membership):
        raise DiaryRuleBroken("Only the patient, or the member acting for them, can change this member.")


@transaction.atomic
def change_role(membership, role, by=None, members_url=None):
    """Give a member another role; DiaryRuleBroken if that would leave the diary without an
    owner, or would touch the patient."""
    membership = _locked(membership)
    _refuse_if_patient(membership, "change the role of")
    stepping_down = by is not None and by.membership.pk == membership.pk
    if not stepping_down:
        _refuse_unless_allowed(by, membership)
    if membership.role == Role.OWNER and role != Role.OWNER and not _other_owners_exist(membership):
        raise DiaryRuleBroken("A diary needs at least one owner. Make someone else an owner first.")
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    diary = membership.diary
    if role != Role.OWNER and diary.acting_for_patient_id == membership.pk:
        # Acting for the patient comes with an owner's role; it ends with it.
        diary.acting_for_patient = None
        diary.save(update_fields=["acting_for_patient"])
    if old != role:
        record_activity(
            diary,
            by.membership.user if by else None,
            Activity.Kind.ROLE_CHANGED,
            member=membership.user,
            detail=f"{Role(old).label} to {Role(role).label}",
            acting_for_patient=bool(by and by.acts_for_patient),
        )
        notify_patient(
            diary, Activity.Kind.ROLE_CHANGED, members_url, actor=by.membership.user if by else None
        )
    return membership


@transaction.atomic
def remove_member(membership, by=None, members_url=None):
    """Remove a member (or, without `by`, let them leave). Their entries stay in the diary.
    The patient can be neither removed nor leave: their place is not a membership to give up."""
    membership = _locked(membership)
    leaving = by is None or by.membership.pk == membership.pk
    if leaving and membership.diary.patient_id == membership.user_id:
        raise DiaryRuleBroken(
            "You are the person this diary is about, so you cannot leave it. You can delete it instead."
        )
    _refuse_if_patient(membership, "remove")
    if not leaving:
        _refuse_unless_allowed(by, membership)
    if (
        membership.role == Role.OWNER
        and not membership.waiting_for_approval
        and not _other_owners_exist(membership)
    ):
        raise DiaryRuleBroken(
            "A diary needs at least one owner. Make someone else an owner first, or delete the diary."
        )
    membership.delete()
    kind = Activity.Kind.LEFT if leaving else Activity.Kind.REMOVED
    record_activity(
        membership.diary,
        membership.user if leaving else by.membership.user,
        kind,
        member=membership.user,
        acting_for_patient=bool(by and not leaving and by.acts_for_patient),
    )
    notify_patient(membership.diary, kind, members_url, actor=None if leaving else by.membership.user)


@transaction.atomic
def approve_member(membership, by, members_url=None):
    """Let a member who waits for the patient's approval open the diary."""
    membership = _locked(membership)
    if not membership.waiting_for_approval:
        return membership
    _refuse_unless_allowed(by, membership)
    membership.waiting_for_approval = False
    membership.save(update_fields=["waiting_for_approval"])
    record_activity(
        membership.diary,
        by.membership.user,
        Activity.Kind.APPROVED,
        member=membership.user,
        acting_for_patient=by.acts_for_patient,
    )
    notify_patient(membership.diary, Activity.Kind.APPROVED, members_url, actor=by.membership.user)
    return membership


@transaction.atomic
def set_new_members_need_approval(access, value):
    """The patient's setting: whether people who accept an invitation wait for their approval."""
    _lock_members_of(access.diary.pk)
    Diary.objects.filter(pk=access.diary.pk).update(new_members_need_approval=value)
    record_activity(
        access.diary, access.membership.user, Activity.Kind.SETTING_CHANGED, detail="on" if value else "off"
    )


@transaction.atomic
def set_acting_for_patient(access, membership):
    """Name `membership` (an owner, not the patient) to act for the patient, or nobody (None)."""
    _lock_members_of(access.diary.pk)
    diary = Diary.objects.get(pk=access.diary.pk)
    if membership is not None:
        membership = Membership.objects.select_related("user").get(pk=membership.pk, diary=diary)
        if membership.user_id == diary.patient_id:
            raise DiaryRuleBroken("You already have every power in this diary.")
        if membership.role != Role.OWNER or membership.waiting_for_approval:
            raise DiaryRuleBroken("Only an owner can act for you. Make them an owner first.")
    if diary.acting_for_patient_id == (membership.pk if membership else None):
        return
    diary.acting_for_patient = membership
    diary.save(update_fields=["acting_for_patient"])
    record_activity(
        diary,
        access.membership.user,
        Activity.Kind.ACTING_GRANTED if membership else Activity.Kind.ACTING_WITHDRAWN,
        member=membership.user if membership else None,
    )


@transaction.atomic
def delete_diary(diary, by=None):
    """Delete the diary: it disappears from every list at once, and can be brought back with
    restore_diary for UNDO_PERIOD, after which purge_deleted removes it for good."""
    actor = by.membership.user if by else None
    if by is not None:
        # Checked again under the lock: the patient may have withdrawn "acting for the
        # patient" since the page was opened.
        _lock_members_of(diary.pk)
        fresh = Diary.objects.filter(pk=diary.pk).first()
        own = Membership.objects.filter(pk=by.membership.pk, waiting_for_approval=False).first()
        if fresh is None or own is None or not can_delete_diary(DiaryAccess(fresh, own)):
            raise DiaryRuleBroken("Only the patient can delete this diary.")
    Diary.objects.filter(pk=diary.pk).update(deleted_at=timezone.now(), deleted_by=actor)
    record_activity(
        diary, actor, Activity.Kind.DIARY_DELETED, acting_for_patient=bool(by and by.acts_for_patient)
    )


@transaction.atomic
def restore_diary(diary, by=None):
    """Bring back a deleted diary, with everything in it, while UNDO_PERIOD lasts."""
    restored = Diary.all_objects.filter(pk=diary.pk, deleted_at__gt=timezone.now() - UNDO_PERIOD).update(
        deleted_at=None, deleted_by=None
    )
    if not restored:
        raise DiaryRuleBroken("This diary can no longer be brought back.")
    record_activity(
        diary,
        by.membership.user if by else None,
        Activity.Kind.DIARY_RESTORED,
        acting_for_patient=bool(by and by.acts_for_patient),
    )


def deleted_diaries_restorable_by(user):
    """(diary, days left) for each deleted diary `user` may still bring back."""
    cutoff = timezone.now() - UNDO_PERIOD
    memberships = Membership.objects.filter(
        user=user, waiting_for_approval=False, diary__deleted_at__gt=cutoff
    ).select_related("diary")
    return [
        (m.diary, (m.diary.deleted_at + UNDO_PERIOD - timezone.now()).days)
        for m in memberships
        if can_delete_diary(DiaryAccess(m.diary, m))
    ]


@transaction.atomic
def purge_deleted(now=None):
    """Delete for good the diaries and entries deleted more than UNDO_PERIOD ago.
    Returns (diaries, entries) purged."""
    cutoff = (now or timezone.now()) - UNDO_PERIOD
    diaries = list(Diary.all_objects.filter(deleted_at__lte=cutoff).values_list("pk", flat=True))
    Diary.all_objects.filter(pk__in=diaries).delete()
    entries, _ = Entry.all_objects.filter(deleted_at__lte=cutoff).delete()
    return len(diaries), entries


# A day's margin, so that an app server's clock running ahead of the database's never asks
# the database to delete a row it still protects.
PRUNE_MARGIN = timedelta(days=1)


def prune_activity():
    """Delete activity older than ACTIVITY_RETENTION; the database refuses anything younger."""
    cutoff = timezone.now() - ACTIVITY_RETENTION - PRUNE_MARGIN
    deleted, _ = Activity.objects.filter(at__lt=cutoff).delete()
    return deleted


# Invitations


def invite_member(diary, email, role, invited_by, accept_url_for, as_patient=False):
    """Create an invitation and email its single-use link.

    `accept_url_for(token)` turns the raw token into an absolute URL. The raw token exists
    only in the email; the database keeps its hash. Earlier pending invitations to the same
    address for this diary are revoked, so only the newest link works. All of it happens in
    one transaction, and the mail is queued for when it commits: the old link keeps working
    unless the new one is saved, and no mail server is asked anything during the request.
    With `as_patient`, accepting makes the person the diary's patient (only while the diary
    has none).
    """
    email = email.strip()
    if as_patient:
        role = Role.OWNER
        if diary.patient_id is not None:
            raise DiaryRuleBroken("This diary already has its patient.")
    elif Membership.objects.filter(diary=diary, user__email__iexact=email).exists():
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
            as_patient=as_patient,
            token_hash=hash_token(token),
            invited_by=invited_by,
            expires_at=now + INVITATION_LIFETIME,
        )
        record_activity(
            diary, invited_by, Activity.Kind.INVITED, detail="as the patient" if as_patient else role
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
    if invitation.diary.deleted_at is not None:
        raise InvitationProblem("not_found")
    if invitation.as_patient:
        if invitation.diary.patient_id is not None:
            raise InvitationProblem("has_patient", invitation)
        return invitation
    if Membership.objects.filter(diary_id=invitation.diary_id, user=user).exists():
        raise InvitationProblem("already_member", invitation)
    return invitation


@transaction.atomic
def accept_invitation(token, user, members_url_for=None):
    """Make `user` a member with the invited role (or the diary's patient, for a patient
    invitation); the link can never be used again. If the patient asked for it, a new
    member waits for their approval before they can open the diary."""
    invitation = check_invitation(token, user)
    _lock_members_of(invitation.diary_id)
    # The conditional update is what makes the link single-use, even if two requests race.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise InvitationProblem("used", invitation)
    diary = Diary.objects.get(pk=invitation.diary_id)
    if invitation.as_patient:
        if diary.patient_id is not None:
            raise InvitationProblem("has_patient", invitation)
        membership, _ = Membership.objects.update_or_create(
            diary=diary, user=user, defaults={"role": Role.OWNER, "waiting_for_approval": False}
        )
        diary.patient = user
        diary.save(update_fields=["patient"])
        record_activity(diary, user, Activity.Kind.JOINED, member=user, detail="as the patient")
        membership.diary = diary
        return membership
    waiting = diary.new_members_need_approval and diary.patient_id is not None
    membership = Membership.objects.create(
        diary=diary, user=user, role=invitation.role, waiting_for_approval=waiting
    )
    record_activity(diary, user, Activity.Kind.JOINED, member=user, detail=invitation.role)
    notify_patient(
        diary, Activity.Kind.JOINED, members_url_for(diary) if members_url_for else None, waiting=waiting
    )
    return membership


# Entries and assessments


def add_entry(diary, data, by):
    """A new entry in `diary`, written by `by`, from an EntryForm's entry_data()."""
    entry = Entry.objects.create(diary=diary, created_by=by, **data)
    record_activity(diary, by, Activity.Kind.ENTRY_ADDED, detail=f"entry of {entry.date:%-d %B %Y}")
    return entry


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
    entry = Entry.objects.get(pk=entry_id)
    record_activity(diary, by, Activity.Kind.ENTRY_CHANGED, detail=f"entry of {entry.date:%-d %B %Y}")
    return entry


def delete_entry(diary, entry_id, version, by=None):
    """Delete entry `entry_id` only if it is still at `version`; else EditConflict, nothing
    deleted. It vanishes from every page, chart and export at once, and any member who may
    edit can bring it back with restore_entry for UNDO_PERIOD."""
    deleted = Entry.objects.filter(pk=entry_id, diary=diary, version=version).update(
        deleted_at=timezone.now(), deleted_by=by
    )
    if not deleted:
        current = Entry.objects.filter(pk=entry_id, diary=diary).first()
        raise EditConflict(current)
    entry = Entry.all_objects.get(pk=entry_id)
    record_activity(diary, by, Activity.Kind.ENTRY_DELETED, detail=f"entry of {entry.date:%-d %B %Y}")


def deleted_entries(diary):
    """The diary's deleted entries that can still be brought back, most recently deleted first."""
    return (
        Entry.all_objects.filter(diary=diary, deleted_at__gt=timezone.now() - UNDO_PERIOD)
        .select_related("created_by", "deleted_by")
        .order_by("-deleted_at", "-id")
    )


def restore_entry(diary, entry_id, by=None):
    """Bring back a deleted entry while UNDO_PERIOD lasts; DiaryRuleBroken after that."""
    restored = Entry.all_objects.filter(
        pk=entry_id, diary=diary, deleted_at__gt=timezone.now() - UNDO_PERIOD
    ).update(deleted_at=None, deleted_by=None)
    if not restored:
        raise DiaryRuleBroken("This entry can no longer be brought back.")
    entry = Entry.objects.get(pk=entry_id)
    record_activity(diary, by, Activity.Kind.ENTRY_RESTORED, detail=f"entry of {entry.date:%-d %B %Y}")
    return entry


def record_assessment(diary, date, answers, by, cutting_food_with_tube=False):
    """Store a complete ALSFRS-R self-assessment; ValueError if the answers are incomplete."""
    assessment = Assessment.objects.create(
        diary=diary,
        date=date,
        answers=answers,
        total=alsfrs.score(answers).total,
        cutting_food_with_tube=cutting_food_with_tube,
        created_by=by,
    )
    record_activity(diary, by, Activity.Kind.ASSESSMENT_ADDED, detail=f"of {date:%-d %B %Y}")
    return assessment


def delete_assessment(assessment, by=None):
    """Delete one self-assessment for good."""
    assessment.delete()
    record_activity(
        assessment.diary, by, Activity.Kind.ASSESSMENT_DELETED, detail=f"of {assessment.date:%-d %B %Y}"
    )


# Accounts


def diaries_owned_only_by(user, include_deleted=False):
    """The diaries in which `user` is the only owner, in the order they joined them: those
    that are deleted with their account. A deleted diary (waiting out UNDO_PERIOD) counts
    only with `include_deleted`."""
    memberships = Membership.objects.filter(user=user, role=Role.OWNER, waiting_for_approval=False)
    if not include_deleted:
        memberships = memberships.in_live_diaries()
    owned = {membership.diary_id: membership.diary for membership in memberships.select_related("diary")}
    co_owned = set(
        Membership.objects.filter(diary_id__in=owned, role=Role.OWNER, waiting_for_approval=False)
        .exclude(user=user)
        .values_list("diary_id", flat=True)
    )
    return [diary for diary_id, diary in owned.items() if diary_id not in co_owned]


@transaction.atomic
def forget_member(user):
    """Before `user`'s account is deleted: delete the diaries they alone own (deleted ones
    too, at once rather than after UNDO_PERIOD).

    Their other memberships go with the account; entries they wrote stay, with no author,
    and the diary shows them as written by a former member. A patient who deletes their
    account leaves a diary kept by its other owners without a patient.
    """
    owned = list(Membership.objects.filter(user=user, role=Role.OWNER).values_list("diary_id", flat=True))
    _lock_members_of(*owned)
    doomed = [diary.pk for diary in diaries_owned_only_by(user, include_deleted=True)]
    Diary.all_objects.filter(pk__in=doomed).delete()
    for membership in (
        Membership.objects.filter(user=user).exclude(diary_id__in=doomed).select_related("diary")
    ):
        record_activity(membership.diary, None, Activity.Kind.LEFT, detail="account deleted")
        if membership.diary.patient_id != user.pk:
            notify_patient(membership.diary, Activity.Kind.LEFT)


def forget_deleted_account(sender, instance, **kwargs):
    """pre_delete receiver for the user model: see forget_member."""
    forget_member(instance)
