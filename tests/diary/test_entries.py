import re
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.urls import reverse
from django.utils import timezone

from alscare.diary.models import SYMPTOM_FIELDS, Entry


def add_url(diary):
    return reverse("diary:entry_add", kwargs={"diary_id": diary.pk})


def edit_url(entry):
    return reverse("diary:entry_edit", kwargs={"diary_id": entry.diary_id, "entry_id": entry.pk})


def form_data(entry, **changes):
    """What the edit form would post back for `entry`, with `changes` applied."""
    data = {"date": entry.date.isoformat(), "version": entry.version, "notes": entry.notes, "weight_kg": ""}
    for name in SYMPTOM_FIELDS:
        value = getattr(entry, name)
        data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


def test_the_form_starts_on_today_with_every_area_unrated(client, caregiver, diary):
    client.force_login(caregiver)
    html = client.get(add_url(diary)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
    for name in SYMPTOM_FIELDS:
        # Nothing chosen: the first arrow key in a group picks "1 Mild", not "0 None".
        assert not re.search(rf'name="{name}"[^>]*checked', html), f"{name} should start unrated"
    assert html.count("<fieldset") >= len(SYMPTOM_FIELDS)
    assert html.count("<legend") >= len(SYMPTOM_FIELDS)


def test_saving_todays_entry_needs_only_the_ratings(client, caregiver, diary):
    client.force_login(caregiver)
    response = client.post(add_url(diary), {"date": timezone.localdate().isoformat(), "walking": "3"})
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.walking == 3 and entry.speech is None
    assert entry.created_by == caregiver and entry.version == 1
    home = client.get(response["Location"]).content.decode()
    assert "Written by caregiver on" in home


def test_it_refuses_a_date_in_the_future(client, caregiver, diary):
    client.force_login(caregiver)
    # Two days ahead is the future everywhere on Earth.
    future = timezone.localdate() + timedelta(days=2)
    response = client.post(add_url(diary), {"date": future.isoformat(), "walking": "1"})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert not Entry.objects.exists()


def test_it_accepts_today_wherever_the_writer_lives(client, caregiver, diary):
    client.force_login(caregiver)
    today_in_kiribati = datetime.now(dt_timezone(timedelta(hours=14))).date()

    response = client.post(add_url(diary), {"date": today_in_kiribati.isoformat(), "walking": "1"})

    assert response.status_code == 302
    assert Entry.objects.get().date == today_in_kiribati


@pytest.mark.parametrize(
    "bad", [{"walking": "7"}, {"walking": "x"}, {"weight_kg": "-3"}, {"weight_kg": "9999"}, {"date": "soon"}]
)
def test_bad_input_gets_a_message_and_changes_nothing(client, caregiver, diary, bad):
    client.force_login(caregiver)
    response = client.post(add_url(diary), {"date": timezone.localdate().isoformat(), **bad})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Entry.objects.exists()


def test_an_editor_corrects_an_entry(client, patient, entry):
    client.force_login(patient)
    response = client.post(edit_url(entry), form_data(entry, walking="3", notes="Corrected."))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.walking, entry.notes, entry.version, entry.updated_by) == (3, "Corrected.", 2, patient)
    page = client.get(reverse("diary:entries", kwargs={"diary_id": entry.diary_id})).content.decode()
    assert "last changed by patient on" in page


def test_the_second_of_two_forms_opened_on_one_entry_is_refused(client, patient, caregiver, entry):
    """Both open the form at version 1; the first save wins, the second sees both versions."""
    first = form_data(entry, walking="3", notes="Patient's correction.")
    second = form_data(entry, walking="1", notes="Caregiver's correction.")

    client.force_login(patient)
    assert client.post(edit_url(entry), first).status_code == 302
    client.force_login(caregiver)
    response = client.post(edit_url(entry), second)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Patient&#x27;s correction." in html, html[html.find("<table") : html.find("</table")]
    assert "Caregiver&#x27;s correction." in html
    assert "were <strong>not</strong> saved" in html
    assert 'name="version" value="2"' in html, "saving again must be a deliberate choice on the new version"
    entry.refresh_from_db()
    assert (entry.walking, entry.notes, entry.version) == (3, "Patient's correction.", 2)


def test_after_seeing_the_conflict_the_person_can_save_their_version(client, patient, caregiver, entry):
    client.force_login(patient)
    client.post(edit_url(entry), form_data(entry, notes="First."))
    entry.refresh_from_db()
    client.force_login(caregiver)
    assert client.post(edit_url(entry), form_data(entry, notes="Second, on purpose.")).status_code == 302
    entry.refresh_from_db()
    assert entry.notes == "Second, on purpose." and entry.version == 3


def test_an_edit_without_a_version_is_refused(client, patient, entry):
    client.force_login(patient)
    data = form_data(entry, notes="No version")
    del data["version"]
    response = client.post(edit_url(entry), data)
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.notes == "Tired today."


def test_deleting_a_changed_entry_is_refused(client, patient, entry):
    client.force_login(patient)
    delete_url = reverse("diary:entry_delete", kwargs={"diary_id": entry.diary_id, "entry_id": entry.pk})
    Entry.objects.filter(pk=entry.pk).update(version=2, notes="Changed meanwhile")
    client.post(delete_url, {"version": 1})
    assert Entry.objects.filter(pk=entry.pk).exists()
    client.post(delete_url, {"version": 2})
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_an_entry_of_another_diary_is_not_found(client, stranger, strangers_diary, entry):
    client.force_login(stranger)
    url = reverse("diary:entry_edit", kwargs={"diary_id": strangers_diary.pk, "entry_id": entry.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(entry, notes="hijack")).status_code == 404
    entry.refresh_from_db()
    assert entry.notes == "Tired today."


WRITE_URL_NAMES = ["entry_add", "entry_edit", "entry_delete", "assessment_add", "assessment_delete", "delete"]


@pytest.mark.parametrize(
    "page", ["home", "entries", "assessments", "assessment", "members", "trends", "summary"]
)
def test_a_viewer_sees_no_write_controls(client, viewer, diary, entry, assessment, page):
    client.force_login(viewer)
    kwargs = {"diary_id": diary.pk}
    if page == "assessment":
        kwargs["assessment_id"] = assessment.pk
    html = client.get(reverse(f"diary:{page}", kwargs=kwargs)).content.decode()
    for name in ("entry_add", "assessment_add", "delete", "export_csv", "invite"):
        assert reverse(f"diary:{name}", kwargs={"diary_id": diary.pk}) not in html, name
    assert f"/entries/{entry.pk}/edit/" not in html
    assert f"/alsfrs/{assessment.pk}/delete/" not in html
    posting_forms = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', html)
    assert set(posting_forms) <= {reverse("account_logout")}, posting_forms


def test_an_entry_by_a_deleted_account_is_marked_as_by_a_former_member(client, patient, caregiver, entry):
    caregiver.delete()
    client.force_login(patient)
    html = client.get(reverse("diary:entries", kwargs={"diary_id": entry.diary_id})).content.decode()
    assert "Written by a former member" in html
