"""Who may do what in a diary: one predicate per action, and one way in.

Every diary view reaches its diary through `diary_access_or_404`, and every template that
shows a button asks the same predicates through the `DiaryAccess` it is given. A person who
is not a member gets 404, never a hint that the diary exists.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.views.decorators.debug import sensitive_post_parameters

from .models import Diary, Membership, Role

# Each predicate takes a DiaryAccess: the person's membership and the diary it belongs to.
# The patient always holds an owner's membership, so an owner's powers are theirs too.


def can_view_diary(access):
    return access.role in (Role.OWNER, Role.EDITOR, Role.VIEWER)


def can_add_entry(access):
    return access.role in (Role.OWNER, Role.EDITOR)


def can_edit_entry(access):
    """Correct, delete or bring back an entry, whoever wrote it."""
    return access.role in (Role.OWNER, Role.EDITOR)


def can_manage_members(access):
    """Invite people, cancel invitations, and change or remove ordinary members."""
    return access.role == Role.OWNER


def can_export(access):
    return access.role == Role.OWNER


def can_view_activity(access):
    """See who viewed, changed, exported or printed the diary: its owners and its patient."""
    return access.role == Role.OWNER or access.is_patient


def has_patient_powers(access):
    """The patient, or the one member the patient named to act for them."""
    return access.is_patient or access.acts_for_patient


def can_delete_diary(access):
    """Delete (or bring back) the diary: the patient's decision, or the owners' without one."""
    if access.diary.patient_id is None:
        return access.role == Role.OWNER
    return has_patient_powers(access)


def can_change_patient_settings(access):
    """Whether new members wait for approval, and who acts for the patient: the patient alone."""
    return access.is_patient


def can_invite_patient(access):
    """Invite the person the diary is about as its patient: an owner, while it has none."""
    return access.role == Role.OWNER and access.diary.patient_id is None


def can_change_member(access, membership):
    """Change the role of, or remove, `membership`. Nobody touches the patient; the member
    acting for the patient answers to the patient alone; other members to any owner."""
    if membership.user_id == access.diary.patient_id or membership.pk == access.membership.pk:
        return False
    if membership.pk == access.diary.acting_for_patient_id or membership.waiting_for_approval:
        return has_patient_powers(access)
    return can_manage_members(access) or has_patient_powers(access)


PREDICATES = {
    "view_diary": can_view_diary,
    "add_entry": can_add_entry,
    "edit_entry": can_edit_entry,
    "manage_members": can_manage_members,
    "export": can_export,
    "view_activity": can_view_activity,
    "patient_powers": has_patient_powers,
    "delete_diary": can_delete_diary,
    "patient_settings": can_change_patient_settings,
    "invite_patient": can_invite_patient,
}


@dataclass(frozen=True)
class DiaryAccess:
    """A member's view of one diary: the diary, their membership, and what they may do."""

    diary: Diary
    membership: Membership

    @property
    def role(self):
        return self.membership.role

    @property
    def is_patient(self):
        return self.diary.patient_id is not None and self.membership.user_id == self.diary.patient_id

    @property
    def acts_for_patient(self):
        """Named by the patient to act for them (and so labelled in the activity record)."""
        return self.diary.acting_for_patient_id == self.membership.pk and not self.is_patient

    def allows(self, action):
        return PREDICATES[action](self)

    def may_change(self, membership):
        return can_change_member(self, membership)

    # Template-friendly names for the same predicates.
    can_add_entry = property(can_add_entry)
    can_edit_entry = property(can_edit_entry)
    can_manage_members = property(can_manage_members)
    can_export = property(can_export)
    can_view_activity = property(can_view_activity)
    has_patient_powers = property(has_patient_powers)
    can_delete_diary = property(can_delete_diary)
    can_change_patient_settings = property(can_change_patient_settings)
    can_invite_patient = property(can_invite_patient)


# The largest id a diary can have (a 64-bit BigAutoField). The URL accepts any digits, and a
# larger number would overflow the database driver instead of matching nothing.
MAX_DIARY_ID = 2**63 - 1


def diary_access_or_404(user, diary_id, deleted=False):
    """The user's access to diary `diary_id` in one query, or 404 if they are not a member
    (or still wait for the patient's approval). A deleted diary is found only with
    `deleted=True` (to bring it back), and a live one only without."""
    if not user.is_authenticated or not 0 < diary_id <= MAX_DIARY_ID:
        raise Http404("No such diary")
    try:
        membership = Membership.objects.select_related("diary").get(
            diary_id=diary_id,
            user=user,
            waiting_for_approval=False,
            diary__deleted_at__isnull=not deleted,
        )
    except Membership.DoesNotExist:
        raise Http404("No such diary") from None
    return DiaryAccess(diary=membership.diary, membership=membership)


def private_page(view):
    """A page for signed-in people only, whose POST data never reaches an error report.
    (Every response to a signed-in person is already `Cache-Control: private, no-store`:
    alscare.privacy.PrivateResponseMiddleware.)"""
    return login_required(sensitive_post_parameters()(view))


def diary_view(get=None, post=None, deleted=False):
    """Guard a view of one diary, named by its `diary_id` URL argument.

    `get` and `post` name the action (a key of PREDICATES) each method needs; a method left
    out is not allowed. Order matters: anonymous visitors go to log in, non-members get 404
    before anything else (even the method) is revealed, then 405, then 403. The view is
    called as view(request, access, **other_url_kwargs). With `deleted=True` the view reaches
    only a diary that was deleted and can still be brought back.
    """
    rules = {"GET": get, "HEAD": get, "POST": post}
    allowed = [method for method, action in rules.items() if action]
    for action in (get, post):
        assert action is None or action in PREDICATES, action

    def decorator(view):
        @private_page
        @wraps(view)
        def wrapped(request, diary_id, **kwargs):
            access = diary_access_or_404(request.user, diary_id, deleted=deleted)
            action = rules.get(request.method)
            if action is None:
                return HttpResponseNotAllowed(allowed)
            if not access.allows(action):
                raise PermissionDenied
            return view(request, access, **kwargs)

        wrapped.diary_rules = dict(rules)
        wrapped.reaches_deleted_diary = deleted
        return wrapped

    return decorator
