"""Every diary URL x {owner, editor, viewer, non-member, anonymous} x {GET, POST}.

The URLs come from alscare.diary.urls itself, so a new view cannot escape this test: it fails
until the view's expected rules are written in EXPECTED below.
"""

import pytest
from django.urls import reverse

from alscare.diary.urls import urlpatterns

# url name -> (action needed for GET, action needed for POST); None = method not allowed.
EXPECTED = {
    "home": ("view", None),
    "delete": ("delete", "delete"),
    "entries": ("view", None),
    "entry_add": ("add", "add"),
    "entry_edit": ("edit", "edit"),
    "entry_delete": ("edit", "edit"),
    "assessments": ("view", None),
    "assessment_add": ("add", "add"),
    "assessment": ("view", None),
    "assessment_delete": ("edit", "edit"),
    "trends": ("view", None),
    "summary": ("view", None),
    "export_csv": ("export", None),
    "members": ("view", None),
    "invite": (None, "manage"),
    "change_role": (None, "manage"),
    "remove_member": ("manage", "manage"),
    "revoke_invitation": (None, "manage"),
    "leave": ("view", "view"),
}

# Which roles may do each action (written out here, independently of permissions.py).
ALLOWED = {
    "view": {"owner", "editor", "viewer"},
    "add": {"owner", "editor"},
    "edit": {"owner", "editor"},
    "manage": {"owner"},
    "export": {"owner"},
    "delete": {"owner"},
}

# Views outside one diary: reached by anyone signed in, tested on their own.
NOT_DIARY_SCOPED = {"index", "create", "invitation"}

DIARY_URL_NAMES = [p.name for p in urlpatterns if p.name not in NOT_DIARY_SCOPED]
WHO = ["owner", "editor", "viewer", "non-member", "anonymous"]


def test_every_diary_url_has_expected_rules():
    assert set(DIARY_URL_NAMES) == set(EXPECTED), "declare the new view's rules in EXPECTED"
    for pattern in urlpatterns:
        if pattern.name not in NOT_DIARY_SCOPED:
            assert "diary_id" in pattern.pattern.converters, pattern.name


def _kwargs_for(pattern, diary, entry, assessment, invitation, caregiver):
    values = {
        "diary_id": diary.pk,
        "entry_id": entry.pk,
        "assessment_id": assessment.pk,
        "invitation_id": invitation.pk,
        "membership_id": diary.memberships.get(user=caregiver).pk,
    }
    needed = pattern.pattern.converters.keys()
    missing = set(needed) - set(values)
    assert not missing, f"no fixture value for URL arguments {missing} of {pattern.name}"
    return {name: values[name] for name in needed}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", DIARY_URL_NAMES)
def test_access(
    name, who, method, client, diary, entry, assessment, invitation, patient, caregiver, viewer, stranger
):
    pattern = next(p for p in urlpatterns if p.name == name)
    url = reverse(
        f"diary:{name}", kwargs=_kwargs_for(pattern, diary, entry, assessment, invitation, caregiver)
    )
    user = {"owner": patient, "editor": caregiver, "viewer": viewer, "non-member": stranger}.get(who)
    if user:
        client.force_login(user)

    response = client.get(url) if method == "GET" else client.post(url, {})

    action = EXPECTED[name][0 if method == "GET" else 1]
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    elif who == "non-member":
        assert response.status_code == 404
    elif action is None:
        assert response.status_code == 405
    elif who not in ALLOWED[action]:
        assert response.status_code == 403
    elif method == "GET":
        assert response.status_code == 200
    else:
        # An empty form: refused with a message (200/400) or a no-op that redirects back.
        assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 200:
        assert "no-store" in response.get("Cache-Control", ""), "diary responses must not be cached"
        assert "private" in response.get("Cache-Control", "")
