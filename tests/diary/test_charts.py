import datetime
import re
import time
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString

from alscare.diary.charts import MARKER_LIMIT, Chart, line_chart

D = datetime.date


START = D(2022, 1, 1)


def daily(days, start=START):
    return [(start + datetime.timedelta(days=i), (i * 7) % 5) for i in range(days)]


def assert_accessible(chart: Chart):
    svg = str(chart.svg)
    assert isinstance(chart.svg, SafeString)
    match = re.search(r'aria-labelledby="([^"]+)"', svg)
    assert match
    title_id, desc_id = match.group(1).split()
    assert f'<title id="{title_id}">' in svg
    assert f'<desc id="{desc_id}">' in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    assert "style=" not in svg
    assert "<script" not in svg.lower()
    assert " on" not in re.sub(r"<(title|desc|text)[^>]*>[^<]*</\1>", "", svg)  # no event handlers


def test_empty_chart():
    chart = line_chart("Walking", "Walking ratings.", [], 0, 4, "Rating")
    assert chart.is_empty
    assert chart.rows == []
    assert "No ratings yet" in chart.svg
    assert "<polyline" not in chart.svg and "<circle" not in chart.svg
    assert_accessible(chart)


def test_all_none_is_empty():
    chart = line_chart("Walking", "", [(D(2026, 1, 1), None), (D(2026, 1, 2), None)], 0, 4, "Rating")
    assert chart.is_empty and chart.rows == []
    assert_accessible(chart)


def test_single_point_draws_one_marker():
    chart = line_chart("Speech", "Speech ratings.", [(D(2026, 1, 3), 2)], 0, 4, "Rating")
    assert not chart.is_empty
    assert chart.svg.count("<circle") == 1
    assert "<polyline" not in chart.svg
    assert chart.rows == [(D(2026, 1, 3), 2)]
    assert "One rating: 2 on 3 Jan 2026." in chart.description
    assert_accessible(chart)


def test_description_states_first_last_and_change():
    points = [(D(2026, 12, 1), 3), (D(2026, 1, 3), 2), (D(2026, 6, 1), 4)]
    chart = line_chart("Walking", "Your walking.", points, 0, 4, "Rating")
    assert chart.description.startswith("Your walking. ")
    assert "From 2 on 3 Jan 2026 to 3 on 1 Dec 2026." in chart.description
    assert "Up by 1" in chart.description
    assert chart.description in chart.svg or "From 2 on 3 Jan 2026" in chart.svg
    down = line_chart("W", "", [(D(2026, 1, 1), Decimal("72.5")), (D(2026, 2, 1), 70)], 50, 90, "kg")
    assert "From 72.5 on 1 Jan 2026 to 70 on 1 Feb 2026." in down.description
    assert "Down by 2.5" in down.description
    flat = line_chart("W", "", [(D(2026, 1, 1), 1), (D(2026, 2, 1), 1)], 0, 4, "Rating")
    assert "No change" in flat.description


def test_invert_hint_in_description():
    chart = line_chart(
        "Pain", "", [(D(2026, 1, 1), 1)], 0, 4, "Rating", invert_hint="Higher numbers mean more pain."
    )
    assert chart.description.endswith("Higher numbers mean more pain.")
    assert "Higher numbers mean more pain." in chart.svg


def test_rows_sorted_and_exclude_none():
    points = [(D(2026, 3, 1), 1), (D(2026, 1, 1), 4), (D(2026, 2, 1), None), (D(2026, 1, 15), 3)]
    chart = line_chart("Walking", "", points, 0, 4, "Rating")
    assert chart.rows == sorted((d, v) for d, v in points if v is not None)
    assert "1 day not rated" in chart.description


def test_none_makes_a_gap_not_zero():
    points = [
        (D(2026, 1, 1), 3),
        (D(2026, 1, 2), 3),
        (D(2026, 1, 3), None),
        (D(2026, 1, 4), 2),
        (D(2026, 1, 5), 2),
    ]
    chart = line_chart("Walking", "", points, 0, 4, "Rating")
    assert chart.svg.count("<polyline") == 2
    assert chart.svg.count("<circle") == 4
    # No point is drawn on the zero line (bottom of the plot).
    zero_y = re.search(r'<text x="\d+" y="([\d.]+)"[^>]*>0</text>', chart.svg).group(1)
    assert f'cy="{zero_y}"' not in chart.svg


def test_lone_point_between_gaps_keeps_its_marker():
    points = [(D(2022, 1, 1) + datetime.timedelta(days=i), 2) for i in range(400)]
    points[200] = (points[200][0], None)
    points[202] = (points[202][0], None)  # day 201 stands alone
    chart = line_chart("Walking", "", points, 0, 4, "Rating")
    lone_x = re.findall(r'<circle cx="([\d.]+)"', chart.svg)
    assert len(lone_x) < 100
    assert chart.svg.count("<polyline") == 2  # the lone point draws no line


@pytest.mark.parametrize("days", [365, 1826])
def test_many_points(days):
    points = daily(days)
    start = time.perf_counter()
    chart = line_chart("Walking over time", "Daily walking ratings.", points, 0, 4, "Rating")
    elapsed = time.perf_counter() - start
    assert elapsed < 0.05
    assert_accessible(chart)
    assert chart.rows == points
    assert chart.svg.count("<polyline") == 1
    polyline = re.search(r'<polyline points="([^"]+)"', chart.svg).group(1)
    assert len(polyline.split()) == days
    markers = chart.svg.count("<circle")
    assert days > MARKER_LIMIT and 2 <= markers <= 80
    assert len(chart.svg) < 60_000
    assert "<polyline" in chart.svg


def test_x_ticks_match_span():
    year = line_chart("W", "", daily(365, D(2026, 1, 1)), 0, 4, "Rating")
    assert ">Jan 2026</text>" in year.svg and ">Jul 2026</text>" in year.svg
    five_years = line_chart("W", "", daily(1826), 0, 4, "Rating")
    assert ">2023</text>" in five_years.svg and ">2026</text>" in five_years.svg
    week = line_chart("W", "", daily(7, D(2026, 1, 1)), 0, 4, "Rating")
    assert ">3 Jan 2026</text>" in week.svg


def test_y_ticks_are_integers_with_label():
    chart = line_chart("ALSFRS-R total", "", [(D(2026, 1, 1), 40)], 0, 48, "Total score")
    ticks = re.findall(r'dominant-baseline="middle">(\d+)</text>', chart.svg)
    assert ticks[0] == "0" and ticks[-1] == "48" and len(ticks) <= 10
    small = line_chart("W", "", [(D(2026, 1, 1), 2)], 0, 4, "Rating")
    assert re.findall(r'dominant-baseline="middle">(\d+)</text>', small.svg) == ["0", "1", "2", "3", "4"]
    assert ">Rating</text>" in small.svg


def test_escaping_title_and_labels():
    chart = line_chart(
        'Tom & Jerry <script>alert("x")</script>',
        "A <b>bold</b> claim & more",
        [(D(2026, 1, 1), 1)],
        0,
        4,
        "<y>",
    )
    svg = str(chart.svg)
    assert "<script" not in svg
    assert "Tom &amp; Jerry &lt;script&gt;" in svg
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more" in svg
    assert "&lt;y&gt;" in svg
    assert_accessible(chart)
    empty = line_chart("<&>", "<&>", [], 0, 4, "<&>")
    assert "&lt;&amp;&gt;" in empty.svg and "<&>" not in empty.svg


def test_unique_ids():
    a = line_chart("Walking", "", [], 0, 4, "Rating")
    b = line_chart("Walking", "", [], 0, 4, "Rating")
    assert a.chart_id != b.chart_id
    assert a.chart_id.startswith("chart-walking-")
    fixed = line_chart("Walking", "", [], 0, 4, "Rating", chart_id="walk")
    assert 'aria-labelledby="walk-title walk-desc"' in fixed.svg


def test_greyscale_print_friendly():
    chart = line_chart("W", "", daily(30), 0, 4, "Rating")
    assert 'stroke-dasharray="4 4"' in chart.svg
    assert 'stroke="#000000"' in chart.svg


def test_values_outside_range_are_clamped_but_kept_in_rows():
    chart = line_chart("W", "", [(D(2026, 1, 1), 9), (D(2026, 1, 2), -3)], 0, 4, "Rating")
    assert chart.rows == [(D(2026, 1, 1), 9), (D(2026, 1, 2), -3)]
    for cy in re.findall(r'cy="([\d.]+)"', chart.svg):
        assert 28 <= float(cy) <= 240 - 44


def test_datetimes_are_accepted():
    chart = line_chart("W", "", [(datetime.datetime(2026, 1, 1, 9, 30), 1)], 0, 4, "Rating")
    assert chart.rows == [(D(2026, 1, 1), 1)]


@pytest.mark.parametrize(
    "points, y_min, y_max",
    [
        ([("2026-01-01", 1)], 0, 4),
        ([(D(2026, 1, 1), "1")], 0, 4),
        ([(D(2026, 1, 1), True)], 0, 4),
        ([(D(2026, 1, 1), float("nan"))], 0, 4),
        ([(D(2026, 1, 1),)], 0, 4),
        ([], 4, 4),
    ],
)
def test_bad_input_raises_value_error(points, y_min, y_max):
    with pytest.raises(ValueError):
        line_chart("W", "", points, y_min, y_max, "Rating")
