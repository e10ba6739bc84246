"""The cast every diary test starts from: Alex's diary with its patient (who is also its
owner), an editor (caregiver) and a viewer; a co-owner where a test needs one; a stranger who
owns a diary of their own; and anonymous visitors.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from alscare.diary import alsfrs, services
from alscare.diary.models import Entry, Membership, Role

PASSWORD = "correct-horse-battery-staple"


def make_user(email):
    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def patient(db):
    return make_user("patient@example.com")


@pytest.fixture
def caregiver(db):
    return make_user("caregiver@example.com")


@pytest.fixture
def viewer(db):
    return make_user("viewer@example.com")


@pytest.fixture
def stranger(db):
    return make_user("stranger@example.com")


@pytest.fixture
def diary(patient, caregiver, viewer):
    diary = services.create_diary(patient, "Alex Test", is_patient=True)
    Membership.objects.create(diary=diary, user=caregiver, role=Role.EDITOR)
    Membership.objects.create(diary=diary, user=viewer, role=Role.VIEWER)
    return diary


@pytest.fixture
def co_owner(db):
    return make_user("co-owner@example.com")


@pytest.fixture
def co_owned(diary, co_owner):
    """The diary with a second owner who is not its patient."""
    Membership.objects.create(diary=diary, user=co_owner, role=Role.OWNER)
    return diary


@pytest.fixture
def strangers_diary(stranger):
    return services.create_diary(stranger, "Sam Test")


@pytest.fixture
def entry(diary, caregiver):
    return services.add_entry(
        diary,
        {
            "date": timezone.localdate() - timedelta(days=1),
            "walking": 2,
            "speech": 1,
            "notes": "Tired today.",
        },
        by=caregiver,
    )


def full_answers(value=3):
    return dict.fromkeys(alsfrs.ITEM_KEYS, value)


@pytest.fixture
def assessment(diary, caregiver):
    return services.record_assessment(diary, timezone.localdate(), full_answers(3), by=caregiver)


@pytest.fixture
def invitation(diary, patient, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite_member(
            diary, "newcomer@example.com", Role.EDITOR, patient, lambda token: f"http://testserver/t/{token}"
        )
    invitation.raw_token = token
    return invitation


@pytest.fixture
def client_for(client):
    """client_for(user) logs the test client in as `user` (or stays anonymous for None)."""

    def log_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return log_in


def entry_count():
    return Entry.objects.count()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth's rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
