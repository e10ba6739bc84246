"""Input nobody should send still gets a page, never a server error."""

import pytest
from django.urls import reverse

# Larger than any 64-bit id: SQLite's driver overflows on it instead of finding nothing.
HUGE_ID = 10**30


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("diary_id", [HUGE_ID, 2**63, 0])
def test_it_refuses_a_diary_id_beyond_any_diary_with_404(client, patient, diary, method, diary_id):
    client.force_login(patient)
    url = reverse("diary:home", kwargs={"diary_id": diary_id})
    assert getattr(client, method)(url).status_code == 404
    csv_url = reverse("diary:export_csv", kwargs={"diary_id": diary_id})
    assert getattr(client, method)(csv_url).status_code == 404


@pytest.mark.parametrize("name", ["trends", "summary", "export_csv"])
@pytest.mark.parametrize(
    "period",
    [
        {"end": "0001-01-01"},
        {"end": "0001-02-01"},
        {"start": "0001-01-01", "end": "0001-01-02"},
        {"end": "9999-12-31"},
        {"start": "0000-01-01"},
    ],
)
def test_it_refuses_a_period_at_the_edge_of_the_calendar_without_an_error(
    client, patient, diary, name, period
):
    client.force_login(patient)
    response = client.get(reverse(f"diary:{name}", kwargs={"diary_id": diary.pk}), period)
    assert response.status_code == 200


def test_it_refuses_an_invitation_address_longer_than_the_database_keeps(client, patient, diary):
    client.force_login(patient)
    response = client.post(
        reverse("diary:invite", kwargs={"diary_id": diary.pk}),
        {"email": "a" * 300 + "@example.com", "role": "viewer"},
    )
    assert response.status_code == 400
    assert not diary.invitations.exists()


def test_it_refuses_a_million_character_note_with_a_clear_message(client, caregiver, diary):
    from alscare.diary.models import Entry

    client.force_login(caregiver)
    response = client.post(
        reverse("diary:entry_add", kwargs={"diary_id": diary.pk}),
        {"date": "2026-01-05", "walking": "2", "notes": "x" * 1_000_000},
    )
    assert response.status_code in (200, 400)
    assert "Notes can be up to 10,000 characters long. These have 1000000" in response.content.decode()
    assert not Entry.objects.filter(diary=diary).exists()


def test_it_keeps_a_note_of_exactly_the_longest_length(client, caregiver, diary):
    from alscare.diary.models import Entry

    longest = Entry._meta.get_field("notes").max_length
    client.force_login(caregiver)
    client.post(
        reverse("diary:entry_add", kwargs={"diary_id": diary.pk}),
        {"date": "2026-01-05", "notes": "x" * longest},
    )
    assert len(Entry.objects.get(diary=diary).notes) == longest


def test_it_refuses_an_over_long_note_when_correcting_an_entry(client, caregiver, diary, entry):
    client.force_login(caregiver)
    response = client.post(
        reverse("diary:entry_edit", kwargs={"diary_id": diary.pk, "entry_id": entry.pk}),
        {"date": entry.date.isoformat(), "notes": "y" * 10_001, "version": entry.version},
    )
    assert "Notes can be up to 10,000 characters" in response.content.decode()
    entry.refresh_from_db()
    assert entry.notes == "Tired today." and entry.version == 1


def test_the_notes_box_says_its_limit_to_the_browser(client, caregiver, diary):
    client.force_login(caregiver)
    html = client.get(reverse("diary:entry_add", kwargs={"diary_id": diary.pk})).content.decode()
    assert 'maxlength="10000"' in html


@pytest.mark.parametrize("name", ["entry_restore", "approve_member"])
def test_it_answers_an_unknown_id_on_the_undo_and_approval_forms_without_an_error(
    client, patient, diary, name
):
    client.force_login(patient)
    arg = "entry_id" if name == "entry_restore" else "membership_id"
    for bad_id in (2**63 - 1, 0):
        response = client.post(reverse(f"diary:{name}", kwargs={"diary_id": diary.pk, arg: bad_id}))
        assert response.status_code in (302, 404)


@pytest.mark.parametrize("member", ["not a number", "-1", "99999999999", ""])
def test_it_refuses_an_unknown_member_to_act_for_the_patient_and_changes_nothing(
    client, patient, diary, member
):
    client.force_login(patient)
    response = client.post(
        reverse("diary:acting_for_patient", kwargs={"diary_id": diary.pk}), {"member": member}
    )
    assert response.status_code == 302
    diary.refresh_from_db()
    assert diary.acting_for_patient is None
