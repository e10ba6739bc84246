import json
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alscare.diary import services

from ..diary.conftest import full_answers


def export(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_an_owner_gets_the_whole_diary(client, patient, diary, entry, assessment, strangers_diary, stranger):
    services.add_entry(
        strangers_diary, {"date": timezone.localdate(), "notes": "Sam's own note"}, by=stranger
    )
    data = export(client, patient)
    assert data["account"]["email"] == "patient@example.com"
    assert [d["patient_name"] for d in data["diaries"]] == ["Alex Test"]
    alex = data["diaries"][0]
    assert alex["your_role"] == "owner"
    assert [e["notes"] for e in alex["entries"]] == ["Tired today."]
    assert alex["entries"][0]["written_by_you"] is False
    assert alex["entries"][0]["ratings"] == {"walking": 2, "speech": 1}
    assert [a["total"] for a in alex["assessments"]] == [36]
    assert "Sam's own note" not in json.dumps(data)


def test_a_member_gets_only_what_they_wrote(client, viewer, caregiver, diary, entry):
    yesterday = timezone.localdate() - timedelta(days=1)
    services.add_entry(diary, {"date": yesterday, "notes": "Viewer wrote this once as editor"}, by=viewer)
    services.record_assessment(diary, yesterday, full_answers(2), by=caregiver)
    data = export(client, viewer)
    alex = data["diaries"][0]
    assert alex["your_role"] == "viewer"
    assert [e["notes"] for e in alex["entries"]] == ["Viewer wrote this once as editor"]
    assert alex["assessments"] == []
    assert "Tired today." not in json.dumps(data)


def test_someone_with_no_diary_gets_their_account_only(client, stranger):
    data = export(client, stranger)
    assert data["diaries"] == [] and data["account"]["email"] == "stranger@example.com"


def test_the_export_costs_a_constant_number_of_queries(client, patient, diary, django_assert_max_num_queries):
    for n in range(30):
        services.add_entry(diary, {"date": timezone.localdate() - timedelta(days=n), "pain": 1}, by=patient)
    client.force_login(patient)
    with django_assert_max_num_queries(7):
        client.get(reverse("accounts:export"))


def test_the_account_page_offers_the_exports(client, patient, viewer, diary):
    client.force_login(patient)
    html = client.get(reverse("accounts:overview")).content.decode()
    assert reverse("accounts:export") in html
    assert reverse("diary:export_csv", kwargs={"diary_id": diary.pk}) in html
    client.force_login(viewer)
    html = client.get(reverse("accounts:overview")).content.decode()
    assert reverse("diary:export_csv", kwargs={"diary_id": diary.pk}) not in html
