import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alscare.diary import services
from alscare.diary.models import SYMPTOM_FIELDS

from .conftest import full_answers

TODAY = None


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def trends(client, diary, **params):
    return client.get(reverse("diary:trends", kwargs={"diary_id": diary.pk}), params).content.decode()


def test_with_no_entries_it_says_so_and_draws_nothing(client, viewer, diary):
    client.force_login(viewer)
    html = trends(client, diary)
    assert "<svg" not in html
    assert "add a few more entries to see a trend" in html
    assert "No self-assessment in this period" in html


def test_with_too_few_entries_it_asks_for_more_instead_of_a_one_dot_chart(client, viewer, diary, caregiver):
    services.add_entry(diary, {"date": days_ago(2), "speech": 3}, by=caregiver)
    services.add_entry(diary, {"date": days_ago(1), "speech": 3}, by=caregiver)
    client.force_login(viewer)
    html = trends(client, diary)
    assert "<svg" not in html
    assert "add a few more entries to see a trend" in html


def test_an_area_rated_on_too_few_days_gets_no_chart_but_is_named(client, viewer, diary, caregiver):
    for n in range(5):
        services.add_entry(
            diary, {"date": days_ago(n), "speech": 2, "pain": 1 if n == 0 else None}, by=caregiver
        )
    client.force_login(viewer)
    html = trends(client, diary, start=days_ago(10).isoformat())
    assert html.count("<svg") == 1
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "Speech: the numbers" in html
    assert "Rated on fewer than three days, so no chart yet: Pain." in html


def test_over_more_than_six_weeks_it_charts_each_week_as_median_and_range(client, viewer, diary, caregiver):
    for n in range(60):
        services.add_entry(diary, {"date": days_ago(n), "walking": n % 5, "weight_kg": 70}, by=caregiver)
        if n % 30 == 0:
            services.record_assessment(diary, days_ago(n), full_answers(4 - n // 30), by=caregiver)
    client.force_login(viewer)
    html = trends(client, diary)
    assert html.count("<svg") == 4  # walking, ALSFRS-R total and domains, weight
    table = html[html.index("Walking: the numbers") :]
    table = table[: table.index("</table>")]
    weeks = {days_ago(n) - timedelta(days=days_ago(n).weekday()) for n in range(60)}
    assert table.count("<tr>") == 1 + len(weeks)
    assert "Week starting" in table and "0–4" in table
    assert 'class="chart-band"' in html
    assert "none (0)" in html and "severe (4)" in html
    assert "Not rated in this period: Hand coordination" in html


def test_a_day_with_two_entries_is_charted_as_their_middle_value(client, viewer, diary, caregiver, patient):
    services.add_entry(diary, {"date": days_ago(1), "pain": 1}, by=caregiver)
    services.add_entry(diary, {"date": days_ago(1), "pain": 4}, by=patient)
    services.add_entry(diary, {"date": days_ago(2), "pain": 1}, by=patient)
    services.add_entry(diary, {"date": days_ago(3), "pain": 1}, by=patient)
    client.force_login(viewer)
    assert "<td>2.5</td>" in trends(client, diary, start=days_ago(14).isoformat())


def test_it_says_in_words_which_areas_got_worse_stayed_the_same_or_got_better(
    client, viewer, diary, caregiver
):
    for n in range(28):
        early = n >= 21
        services.add_entry(
            diary,
            {"date": days_ago(n), "walking": 1 if early else 3, "pain": 2, "sleep": 3 if early else 1},
            by=caregiver,
        )
    client.force_login(viewer)
    html = trends(client, diary, start=days_ago(27).isoformat())
    assert "Walking got worse: middle rating 1 in the first week, 3 in the last." in html
    assert "Pain stayed the same" in html
    assert "Sleep got better: middle rating 3 in the first week, 1 in the last." in html


def test_the_summary_shows_the_alsfrs_change_entries_and_notes(client, viewer, diary, caregiver):
    services.record_assessment(diary, days_ago(60), full_answers(4), by=caregiver)
    services.record_assessment(diary, days_ago(5), full_answers(3), by=caregiver)
    services.add_entry(
        diary, {"date": days_ago(3), "fatigue": 2, "notes": "Bring up the cramps."}, by=caregiver
    )
    services.add_entry(diary, {"date": days_ago(200), "notes": "Too old for this period."}, by=caregiver)
    client.force_login(viewer)
    url = reverse("diary:summary", kwargs={"diary_id": diary.pk})
    html = client.get(
        url, {"start": days_ago(90).isoformat(), "end": days_ago(0).isoformat()}
    ).content.decode()
    assert "down <strong>12</strong> points out of 48" in html
    assert "Bring up the cramps." in html
    assert "Too old for this period." not in html
    assert "does not replace their scoring" in html


def test_a_bad_period_gets_a_message_not_an_error(client, viewer, diary):
    client.force_login(viewer)
    url = reverse("diary:summary", kwargs={"diary_id": diary.pk})
    response = client.get(url, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "on or before its end" in response.content.decode()
    assert client.get(url, {"start": "nonsense"}).status_code == 200


@pytest.fixture
def csv_rows(client, patient, diary, caregiver):
    services.add_entry(diary, {"date": days_ago(1), "walking": 2, "notes": '=HYPERLINK("x")'}, by=caregiver)
    services.add_entry(diary, {"date": days_ago(100), "walking": 4}, by=caregiver)

    def fetch(**params):
        client.force_login(patient)
        response = client.get(reverse("diary:export_csv", kwargs={"diary_id": diary.pk}), params)
        assert response["Content-Type"].startswith("text/csv")
        assert "no-store" in response["Cache-Control"]
        return list(csv.reader(io.StringIO(response.content.decode())))

    return fetch


def test_the_csv_holds_the_entries_of_the_period(csv_rows):
    rows = csv_rows(start=days_ago(30).isoformat(), end=days_ago(0).isoformat())
    assert rows[0][0] == "Date" and len(rows[0]) == len(SYMPTOM_FIELDS) + 7
    assert len(rows) == 2
    assert rows[1][0] == days_ago(1).isoformat() and rows[1][1] == "2"
    assert rows[1][len(SYMPTOM_FIELDS) + 3] == "caregiver"


def test_the_csv_cannot_smuggle_a_spreadsheet_formula(csv_rows):
    notes = csv_rows()[1][len(SYMPTOM_FIELDS) + 2]
    assert notes.startswith("'=")


def test_the_whole_diary_can_be_exported(csv_rows):
    assert len(csv_rows(period="all")) == 3
