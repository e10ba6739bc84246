"""Every diary page renders for the demo story, and costs a constant number of queries."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from alscare.diary.management.commands.seed_demo import seed_diary_demo
from alscare.diary.models import Diary

# Session + user + membership, then the page's own reads, and the activity record (a check
# and an insert). The home also tells the patient who joined or left. The home and the summary
# read the last seven days and the guide pages they may link to. Measured, with a little
# headroom.
MAX_QUERIES = {
    "home": 14,
    "entries": 10,
    "assessments": 9,
    "trends": 9,
    "summary": 11,
    "members": 8,
    "activity": 7,
}


@pytest.fixture
def demo(db):
    seed_diary_demo("demo-password-for-tests")
    User = get_user_model()
    return {
        "diary": Diary.objects.get(patient_name="Alex Demo"),
        "owner": User.objects.get(email="patient@example.com"),
    }


@pytest.mark.parametrize("name", MAX_QUERIES)
def test_it_costs_a_constant_number_of_queries(name, demo, client, django_assert_max_num_queries):
    client.force_login(demo["owner"])
    url = reverse(f"diary:{name}", kwargs={"diary_id": demo["diary"].pk})
    a_whole_year = {"start": timezone.localdate() - datetime.timedelta(days=365)}
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        response = client.get(url, a_whole_year if name in ("trends", "summary") else {})
    assert response.status_code == 200
    if name in ("trends", "summary"):
        assert response.context["start"] == a_whole_year["start"]


def test_a_year_of_summary_renders_charts_for_rated_areas(demo, client):
    client.force_login(demo["owner"])
    diary = demo["diary"]
    response = client.get(reverse("diary:summary", kwargs={"diary_id": diary.pk}))
    html = response.content.decode()
    assert html.count("<svg") >= 10
    assert "ALSFRS-R total" in html
    assert "Cache-Control" in response.headers and "no-store" in response["Cache-Control"]
