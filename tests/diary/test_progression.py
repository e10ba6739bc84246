"""The progression rate, with figures worked by hand (a month is 365.25 / 12 = 30.4375 days)."""

from datetime import date

import pytest
from django.urls import reverse

from alscare.diary import alsfrs, progression, services


def test_delta_fs_a_year_after_onset_with_42_points():
    # 1 Jan 2025 to 1 Jan 2026 is 365 days = 365 / 30.4375 = 11.9918 months.
    # (48 - 42) / 11.9918 = 0.50034 points a month.
    rate = progression.delta_fs(42, date(2025, 1, 1), date(2026, 1, 1))
    assert rate == pytest.approx(0.50034, abs=1e-5)
    assert progression.rate_text(rate) == "0.50"


def test_delta_fs_six_months_after_onset_with_39_points():
    # 1 Mar 2024 to 1 Sep 2024 is 184 days = 6.04517 months; 9 / 6.04517 = 1.48880.
    rate = progression.delta_fs(39, date(2024, 3, 1), date(2024, 9, 1))
    assert rate == pytest.approx(1.48880, abs=1e-5)
    assert progression.rate_text(rate) == "1.49"


def test_delta_fs_needs_an_onset_date_and_a_month():
    assert progression.delta_fs(40, None, date(2026, 1, 1)) is None
    assert progression.delta_fs(40, date(2026, 1, 1), date(2026, 1, 20)) is None


def test_the_slope_of_three_assessments_by_least_squares():
    # Days 0, 91 and 182 are 0, 2.98973 and 5.97947 months; totals 44, 42, 41.
    # Mean month 2.98973, mean total 42.3333. Sum of (dx * dy) = -2.98973 * 1.6667
    # + 2.98973 * -1.3333 = -8.96920; sum of dx^2 = 2 * 2.98973^2 = 17.87680.
    # Slope = -8.96920 / 17.87680 = -0.50172 points a month.
    result = progression.slope([(date(2026, 1, 1), 44), (date(2026, 4, 2), 42), (date(2026, 7, 2), 41)])
    assert result.points_per_month == pytest.approx(-0.50172, abs=1e-5)
    assert result.assessments == 3
    assert progression.rate_text(result.points_per_month) == "-0.50"


def test_the_slope_of_two_assessments_is_the_line_through_them():
    # 6 points over 365 days (11.9918 months) = -0.50034 a month.
    result = progression.slope([(date(2025, 1, 1), 46), (date(2026, 1, 1), 40)])
    assert result.points_per_month == pytest.approx(-0.50034, abs=1e-5)


def test_the_slope_needs_two_days():
    assert progression.slope([(date(2026, 1, 1), 44)]) is None
    assert progression.slope([(date(2026, 1, 1), 44), (date(2026, 1, 1), 40)]) is None


def _answers_totalling(total):
    answers = dict.fromkeys(alsfrs.ITEM_KEYS, 4)
    for key in alsfrs.ITEM_KEYS[: 48 - total]:
        answers[key] = 3
    return answers


def test_trends_and_summary_show_both_rates_with_the_number_of_assessments(client, diary, caregiver, viewer):
    diary.symptoms_began_on = date(2025, 1, 1)
    diary.save()
    for day, total in [(date(2025, 7, 2), 44), (date(2025, 9, 30), 42), (date(2026, 1, 1), 42)]:
        services.record_assessment(diary, day, _answers_totalling(total), by=caregiver)
    client.force_login(viewer)
    period = {"start": "2025-06-01", "end": "2026-01-31"}
    # Slope: days 0, 90, 183 -> months 0, 2.95688, 6.01232; totals 44, 42, 42.
    # Mean month 2.98973, mean total 42.6667; sum dx*dy = -2.98973*1.3333 - 0.03285*(-0.6667)
    # + 3.02259*(-0.6667) = -5.97947; sum dx^2 = 8.93847 + 0.00108 + 9.13606 = 18.07561;
    # slope = -0.33080. ΔFS at 1 Jan 2026 (365 days after onset): 6 / 11.9918 = 0.50.
    for name in ("trends", "summary"):
        html = client.get(reverse(f"diary:{name}", kwargs={"diary_id": diary.pk}), period).content.decode()
        assert "<strong>0.50 points a month</strong>" in html, name
        assert "<strong>−0.33 points a month</strong>, from 3 self-assessments" in html, name
