"""Diary details (onset, diagnosis, tracked areas), display names, notes for the neurologist,
the diary-to-guide notices, the summary's overview and its print button."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from alscare.diary import services
from alscare.diary.models import Diary


def url(name, diary, **kwargs):
    return reverse(f"diary:{name}", kwargs={"diary_id": diary.pk, **kwargs})


def test_the_owner_records_onset_diagnosis_and_tracked_areas(client, patient, diary):
    client.force_login(patient)
    response = client.post(
        url("clinical_details", diary),
        {
            "symptoms_began_on": "2025-02-01",
            "diagnosed_on": "2025-09-15",
            "tracked_areas": ["saliva", "walking", "speech"],
        },
    )
    assert response.status_code == 302
    diary.refresh_from_db()
    assert diary.symptoms_began_on == date(2025, 2, 1) and diary.diagnosed_on == date(2025, 9, 15)
    assert set(diary.tracked_areas) == {"saliva", "walking", "speech"}


def test_bad_dates_get_a_message_and_change_nothing(client, patient, diary):
    client.force_login(patient)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    for data in (
        {"symptoms_began_on": "2025-09-01", "diagnosed_on": "2025-02-01"},
        {"symptoms_began_on": future},
        {"symptoms_began_on": "not a date"},
        {"tracked_areas": ["not-an-area"]},
    ):
        response = client.post(url("clinical_details", diary), data)
        assert response.status_code == 200, data
    diary.refresh_from_db()
    assert diary.symptoms_began_on is None and diary.tracked_areas == []


def test_the_quick_form_shows_tracked_areas_first_and_the_rest_one_click_away(client, caregiver, diary):
    Diary.objects.filter(pk=diary.pk).update(tracked_areas=["saliva", "walking"])
    client.force_login(caregiver)
    html = client.get(url("entry_add", diary)).content.decode()
    details = html.index('<details class="other-areas"')
    assert html.index('name="walking"') < html.index("Save today's entry") < details
    assert html.index('name="saliva"') < details < html.index('name="speech"')
    assert "Other areas (11)" in html


def test_add_todays_entry_is_the_first_thing_after_the_skip_link(client, caregiver, diary):
    client.force_login(caregiver)
    html = client.get(url("home", diary)).content.decode()
    after_skip = html[html.index('class="skip-link"') :]
    first_link = after_skip[after_skip.index("</a>") :]
    assert first_link.index("Add today's entry") < first_link.index("<header")


def test_members_are_named_by_their_display_name_not_their_email(client, patient, caregiver, diary):
    client.force_login(caregiver)
    response = client.post(url("my_settings", diary), {"name-display_name": "  Sam   Carer "})
    assert response.status_code == 302
    caregiver.refresh_from_db()
    assert caregiver.first_name == "Sam Carer"
    services.add_entry(diary, {"date": timezone.localdate(), "walking": 1}, by=caregiver)
    client.force_login(patient)
    for page in ("home", "members", "entries", "activity"):
        html = client.get(url(page, diary)).content.decode()
        assert "Sam Carer" in html, page
        assert "caregiver@example.com" not in html, page
    refused = client.post(url("my_settings", diary), {"name-display_name": "me@example.com"})
    assert refused.status_code == 200 and "not an email address" in refused.content.decode()


def _bad_days(diary, by, area, days):
    today = timezone.localdate()
    for n in range(7):
        services.add_entry(diary, {"date": today - timedelta(days=n), area: 3 if n < days else 1}, by=by)


def test_an_area_quite_bad_on_most_of_the_last_week_links_to_its_guide_page(client, caregiver, diary, guide):
    _bad_days(diary, caregiver, "saliva", 5)
    client.force_login(caregiver)
    expected = (
        "Saliva has been quite bad on 5 of the last 7 days. "
        '<a href="/guide/symptom-medicines/saliva-and-phlegm/">'
        "Read about saliva and phlegm</a>, and tell your care team."
    )
    assert expected in client.get(url("home", diary)).content.decode()
    assert expected in client.get(url("summary", diary)).content.decode()


def test_three_bad_days_of_seven_is_not_most(client, caregiver, diary, guide):
    _bad_days(diary, caregiver, "saliva", 3)
    client.force_login(caregiver)
    assert "has been quite bad" not in client.get(url("home", diary)).content.decode()


def test_the_summary_opens_with_an_overview_and_the_notes_for_the_neurologist(
    client, caregiver, viewer, diary
):
    today = timezone.localdate()
    services.add_entry(
        diary, {"date": today, "notes": "Ask about the new cramps.", "for_neurologist": True}, by=caregiver
    )
    services.add_entry(diary, {"date": today, "notes": "A quiet day."}, by=caregiver)
    client.force_login(viewer)
    html = client.get(url("summary", diary)).content.decode()
    overview = html[html.index('id="overview"') : html.index('id="details"')]
    assert "Ask about the new cramps." in overview
    assert "A quiet day." not in overview
    assert "Progression rate since symptoms began" in overview


def test_the_print_button_is_a_link_to_the_print_view_with_no_inline_script(client, viewer, diary):
    client.force_login(viewer)
    html = client.get(url("summary", diary)).content.decode()
    assert "Print this summary" in html and "print=1" in html
    assert "<script>" not in html and "onclick" not in html
    print_view = client.get(url("summary", diary), {"print": "1"}).content.decode()
    assert "This is the print view" in print_view
