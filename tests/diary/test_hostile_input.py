"""Every diary form, fed hostile input by Hypothesis on the real database: it answers with a
clear message or a 4xx, never a 500, and a refused form leaves every row as it was.

Each example starts from a cast of its own (an owner, a caregiver, their diary, an entry),
so that an accepted "delete" or "leave" cannot spoil the next example.
"""

import itertools
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from alscare.diary import alsfrs, services
from alscare.diary.models import SYMPTOM_FIELDS, Membership, Role
from tests.diary.conftest import full_answers, make_user
from tests.hostile import (
    HOSTILE,
    MILLION_CHARACTERS,
    assert_refused_or_saved,
    hostile_choice,
    hostile_date,
    hostile_email,
    hostile_text,
    huge_number,
    snapshot,
)

pytestmark = pytest.mark.postgres

RATINGS = ["", "0", "1", "2", "3", "4"]
ROLES = [role.value for role in Role]
serial = itertools.count()


class Cast:
    """A fresh diary for one example: its owner, an editor, and an entry of yesterday."""

    def __init__(self):
        number = next(serial)
        self.owner = make_user(f"owner{number}@example.com")
        self.caregiver = make_user(f"caregiver{number}@example.com")
        self.diary = services.create_diary(self.owner, f"Hostile {number}")
        self.caregiver_membership = Membership.objects.create(
            diary=self.diary, user=self.caregiver, role=Role.EDITOR
        )
        self.entry = services.add_entry(
            self.diary, {"date": timezone.localdate() - timedelta(days=1), "notes": "ok"}, by=self.caregiver
        )
        self.assessment = services.record_assessment(
            self.diary, timezone.localdate(), full_answers(3), by=self.caregiver
        )

    def client(self, user):
        client = Client()
        client.force_login(user)
        return client

    def url(self, name, **kwargs):
        return reverse(f"diary:{name}", kwargs={"diary_id": self.diary.pk, **kwargs})


def post(client, url, data):
    before = snapshot()
    return assert_refused_or_saved(client, client.post(url, data), before)


entry_fields = st.fixed_dictionaries(
    {
        "date": hostile_date,
        "weight_kg": st.one_of(huge_number, hostile_text),
        "notes": hostile_text,
        **{name: hostile_choice(*RATINGS) for name in SYMPTOM_FIELDS},
    }
)


@pytest.fixture
def on_the_database(db, on_postgresql):
    from django.core.cache import cache

    cache.clear()


@HOSTILE
@given(fields=entry_fields)
@example(fields={"date": "2026-01-01", "notes": "\x00", "weight_kg": "70"})
@example(fields={"date": "2026-01-01", "notes": MILLION_CHARACTERS})
@example(fields={"date": "0001-01-01", "weight_kg": "500.04", "walking": "4"})
@example(fields={"date": "2026-02-30", "weight_kg": "1e309", "walking": "99999999999999999999"})
def test_adding_an_entry_refuses_hostile_input_clearly(on_the_database, fields):
    cast = Cast()
    post(cast.client(cast.caregiver), cast.url("entry_add"), fields)


@HOSTILE
@given(fields=entry_fields, version=st.one_of(huge_number, hostile_text, st.just("1")))
@example(fields={"date": "2026-01-01", "notes": "fine\x00"}, version="1")
@example(fields={"date": "2026-01-01", "notes": MILLION_CHARACTERS}, version="1")
@example(fields={"date": "2026-01-01"}, version=str(2**63))
@example(fields={"date": "2026-01-01"}, version="-1")
def test_correcting_an_entry_refuses_hostile_input_clearly(on_the_database, fields, version):
    cast = Cast()
    client = cast.client(cast.caregiver)
    before = snapshot()
    response = client.post(cast.url("entry_edit", entry_id=cast.entry.pk), {**fields, "version": version})
    if response.status_code == 409:
        # A version that is not the entry's own is a conflict: shown, nothing saved.
        assert snapshot() == before
        return
    assert_refused_or_saved(client, response, before)


@HOSTILE
@given(version=st.one_of(huge_number, hostile_text))
@example(version=str(2**64))
def test_deleting_an_entry_refuses_a_hostile_version_clearly(on_the_database, version):
    cast = Cast()
    post(cast.client(cast.caregiver), cast.url("entry_delete", entry_id=cast.entry.pk), {"version": version})


assessment_fields = st.fixed_dictionaries(
    {
        "date": hostile_date,
        **{key: hostile_choice("0", "1", "2", "3", "4") for key in alsfrs.ITEM_KEYS},
        "cutting_food_tube": hostile_choice("", "0", "4"),
    }
)


@HOSTILE
@given(fields=assessment_fields)
@example(fields={"date": "2026-01-01", **dict.fromkeys(alsfrs.ITEM_KEYS, "4"), "cutting_food_tube": "\x00"})
@example(fields={"date": "2026-01-01", **dict.fromkeys(alsfrs.ITEM_KEYS, str(10**30))})
def test_recording_an_alsfrs_r_assessment_refuses_hostile_input_clearly(on_the_database, fields):
    cast = Cast()
    post(cast.client(cast.caregiver), cast.url("assessment_add"), fields)


@HOSTILE
@given(email=hostile_email, role=hostile_choice(*ROLES))
@example(email="someone\x00@example.com", role="editor")
@example(email="someone@example.com", role="editor\x00")
@example(email="a" * 300 + "@example.com", role="viewer")
def test_inviting_a_member_refuses_hostile_input_clearly(on_the_database, mailoutbox, email, role):
    cast = Cast()
    post(cast.client(cast.owner), cast.url("invite"), {"email": email, "role": role})


@HOSTILE
@given(role=hostile_choice(*ROLES))
@example(role="owner\x00")
def test_changing_a_members_role_refuses_hostile_input_clearly(on_the_database, role):
    cast = Cast()
    post(
        cast.client(cast.owner),
        cast.url("change_role", membership_id=cast.caregiver_membership.pk),
        {"role": role},
    )
    assert set(Membership.objects.values_list("role", flat=True)) <= set(ROLES)


@HOSTILE
@given(patient_name=hostile_text)
@example(patient_name="Alex\x00")
@example(patient_name="x" * 121)
@example(patient_name=MILLION_CHARACTERS)
def test_creating_a_diary_refuses_hostile_input_clearly(on_the_database, patient_name):
    cast = Cast()
    post(cast.client(cast.owner), reverse("diary:create"), {"patient_name": patient_name})


@HOSTILE
@given(
    page=st.sampled_from(["delete", "leave", "owner leaves", "assessment_delete"]),
    confirm=st.one_of(hostile_text, huge_number, st.sampled_from(["on", "false", "0", "off"])),
)
@example(page="delete", confirm="\x00")
@example(page="assessment_delete", confirm="on\x00")
def test_confirming_a_delete_or_leave_refuses_hostile_input_clearly(on_the_database, page, confirm):
    cast = Cast()
    person, url = {
        "delete": (cast.owner, cast.url("delete")),
        "leave": (cast.caregiver, cast.url("leave")),
        # The only owner may not leave: a clear message, nothing changed.
        "owner leaves": (cast.owner, cast.url("leave")),
        "assessment_delete": (
            cast.caregiver,
            cast.url("assessment_delete", assessment_id=cast.assessment.pk),
        ),
    }[page]
    post(cast.client(person), url, {"confirm": confirm})


@HOSTILE
@given(
    page=st.sampled_from(["trends", "summary", "export_csv", "entries", "assessments"]),
    start=hostile_date,
    end=hostile_date,
    number=st.one_of(huge_number, hostile_text),
)
@example(page="summary", start="\x00", end="2026-01-01", number="1")
@example(page="trends", start="0001-01-01", end="9999-12-31", number=str(2**64))
def test_a_period_or_page_number_of_any_kind_never_breaks_a_diary_page(
    on_the_database, page, start, end, number
):
    cast = Cast()
    client = cast.client(cast.owner)
    before = snapshot()
    response = client.get(cast.url(page), {"start": start, "end": end, "page": number})
    assert response.status_code in (200, 400), response.status_code
    assert snapshot() == before


@HOSTILE
@given(token=hostile_text)
@example(token="\x00")
@example(token="a" * 10_000)
def test_an_invitation_link_of_any_kind_is_refused_without_an_error(on_the_database, token):
    cast = Cast()
    client = cast.client(cast.caregiver)
    url = f"/diary/invitations/{quote(token, safe='')}/"
    before = snapshot()
    for response in (client.get(url), client.post(url)):
        assert response.status_code < 500, response.status_code
    assert snapshot() == before
