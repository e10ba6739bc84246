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
from django.utils.cache import patch_cache_control
from django.views.decorators.debug import sensitive_post_parameters

from .models import Diary, Membership, Role


def can_view_diary(role):
    return role in (Role.OWNER, Role.EDITOR, Role.VIEWER)


def can_add_entry(role):
    return role in (Role.OWNER, Role.EDITOR)


def can_edit_entry(role):
    """Correct or delete an entry, whoever wrote it."""
    return role in (Role.OWNER, Role.EDITOR)


def can_manage_members(role):
    return role == Role.OWNER


def can_export(role):
    return role == Role.OWNER


def can_delete_diary(role):
    return role == Role.OWNER


PREDICATES = {
    "view_diary": can_view_diary,
    "add_entry": can_add_entry,
    "edit_entry": can_edit_entry,
    "manage_members": can_manage_members,
    "export": can_export,
    "delete_diary": can_delete_diary,
}


@dataclass(frozen=True)
class DiaryAccess:
    """A member's view of one diary: the diary, their membership, and what they may do."""

    diary: Diary
    membership: Membership

    @property
    def role(self):
        return self.membership.role

    def allows(self, action):
        return PREDICATES[action](self.role)

    # Template-friendly names for the same predicates.
    @property
    def can_add_entry(self):
        return can_add_entry(self.role)

    @property
    def can_edit_entry(self):
        return can_edit_entry(self.role)

    @property
    def can_manage_members(self):
        return can_manage_members(self.role)

    @property
    def can_export(self):
        return can_export(self.role)

    @property
    def can_delete_diary(self):
        return can_delete_diary(self.role)


# The largest id a diary can have (a 64-bit BigAutoField). The URL accepts any digits, and a
# larger number would overflow the database driver instead of matching nothing.
MAX_DIARY_ID = 2**63 - 1


def diary_access_or_404(user, diary_id):
    """The user's access to diary `diary_id` in one query, or 404 if they are not a member."""
    if not user.is_authenticated or not 0 < diary_id <= MAX_DIARY_ID:
        raise Http404("No such diary")
    try:
        membership = Membership.objects.select_related("diary").get(diary_id=diary_id, user=user)
    except Membership.DoesNotExist:
        raise Http404("No such diary") from None
    return DiaryAccess(diary=membership.diary, membership=membership)


def _no_store(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def private_page(view):
    """A signed-in page that browsers and proxies must not keep: `Cache-Control: private, no-store`."""

    @login_required
    @sensitive_post_parameters()
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _no_store(view(request, *args, **kwargs))

    return wrapped


def diary_view(get=None, post=None):
    """Guard a view of one diary, named by its `diary_id` URL argument.

    `get` and `post` name the action (a key of PREDICATES) each method needs; a method left
    out is not allowed. Order matters: anonymous visitors go to log in, non-members get 404
    before anything else (even the method) is revealed, then 405, then 403. The view is
    called as view(request, access, **other_url_kwargs).
    """
    rules = {"GET": get, "HEAD": get, "POST": post}
    allowed = [method for method, action in rules.items() if action]
    for action in (get, post):
        assert action is None or action in PREDICATES, action

    def decorator(view):
        @private_page
        @wraps(view)
        def wrapped(request, diary_id, **kwargs):
            access = diary_access_or_404(request.user, diary_id)
            action = rules.get(request.method)
            if action is None:
                return HttpResponseNotAllowed(allowed)
            if not access.allows(action):
                raise PermissionDenied
            return view(request, access, **kwargs)

        wrapped.diary_rules = dict(rules)
        return wrapped

    return decorator
