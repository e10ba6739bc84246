"""Every diary URL x {patient, owner, editor, viewer, non-member, anonymous} x {GET, POST}.

The diary has a patient (who also holds an owner's membership) and a second owner who is
not the patient. The URLs come from alscare.diary.urls itself, so a new view cannot escape
this test: it fails until the view's expected rules are written in EXPECTED below.
"""

import pytest
from django.urls import reverse

from alscare.diary import services
from alscare.diary.urls import urlpatterns

# url name -> (action needed for GET, action needed for POST); None = method not allowed.
EXPECTED = {
    "home": ("view", None),
    "delete": ("delete", "delete"),
    "restore": (None, "delete"),
    "entries_deleted": ("edit", None),
    "entry_restore": (None, "edit"),
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
    "invite_patient": (None, "invite_patient"),
    "approve_member": (None, "patient_powers"),
    "approval_setting": (None, "patient_settings"),
    "acting_for_patient": (None, "patient_settings"),
    "activity": ("activity", None),
    "settings": ("view", None),
    "clinical_details": ("manage", "manage"),
    "my_settings": ("view", "view"),
    "alsfrs_fhir": ("export", None),
}

# Views that reach what was deleted: the matrix deletes it first.
REACHES_DELETED_DIARY = {"restore"}
REACHES_DELETED_ENTRY = {"entry_restore"}

# Which roles may do each action (written out here, independently of permissions.py).
ALLOWED = {
    "view": {"patient", "owner", "editor", "viewer"},
    "add": {"patient", "owner", "editor"},
    "edit": {"patient", "owner", "editor"},
    "manage": {"patient", "owner"},
    "export": {"patient", "owner"},
    "activity": {"patient", "owner"},
    # A diary with a patient: only the patient deletes it, or brings it back.
    "delete": {"patient"},
    "patient_powers": {"patient"},
    "patient_settings": {"patient"},
    # The diary already has its patient: nobody can invite another.
    "invite_patient": set(),
}

# Views outside one diary: reached by anyone signed in, tested on their own.
NOT_DIARY_SCOPED = {"index", "create", "invitation", "unsubscribe"}

DIARY_URL_NAMES = [p.name for p in urlpatterns if p.name not in NOT_DIARY_SCOPED]
WHO = ["patient", "owner", "editor", "viewer", "non-member", "anonymous"]


def test_every_diary_url_has_expected_rules():
    assert set(DIARY_URL_NAMES) == set(EXPECTED), "declare the new view's rules in EXPECTED"
    for pattern in urlpatterns:
        if pattern.name not in NOT_DIARY_SCOPED:
            assert "diary_id" in pattern.pattern.converters, pattern.name
            reaches_deleted = getattr(pattern.callback, "reaches_deleted_diary", False)
            assert reaches_deleted == (pattern.name in REACHES_DELETED_DIARY), pattern.name


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
    name,
    who,
    method,
    client,
    co_owned,
    entry,
    assessment,
    invitation,
    patient,
    co_owner,
    caregiver,
    viewer,
    stranger,
):
    diary = co_owned
    pattern = next(p for p in urlpatterns if p.name == name)
    url = reverse(
        f"diary:{name}", kwargs=_kwargs_for(pattern, diary, entry, assessment, invitation, caregiver)
    )
    if name in REACHES_DELETED_DIARY:
        services.delete_diary(diary)
    if name in REACHES_DELETED_ENTRY:
        services.delete_entry(diary, entry.pk, entry.version)
    user = {
        "patient": patient,
        "owner": co_owner,
        "editor": caregiver,
        "viewer": viewer,
        "non-member": stranger,
    }.get(who)
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
