"""The numbers behind the charts: weekly median and range, words on the rating axis."""

from datetime import date
from types import SimpleNamespace

from django.utils.html import conditional_escape

from alscare.diary import plots


def entries(*pairs):
    return [SimpleNamespace(date=day, walking=value) for day, value in pairs]


def test_a_week_is_its_median_with_the_range():
    # Monday 2 to Sunday 8 March 2026: ratings 1, 3, 2, 4 -> median 2.5, range 1 to 4.
    week = entries((date(2026, 3, 2), 1), (date(2026, 3, 4), 3), (date(2026, 3, 6), 2), (date(2026, 3, 8), 4))
    next_week = entries((date(2026, 3, 9), 0))
    (first, second) = plots.rating_points(week + next_week, "walking", weekly=True)
    assert (first.start, first.value, first.low, first.high, first.count) == (date(2026, 3, 2), 2.5, 1, 4, 4)
    assert (second.start, second.value) == (date(2026, 3, 9), 0)


def test_weekly_points_only_after_six_weeks():
    assert not plots.is_weekly(date(2026, 1, 1), date(2026, 2, 12))
    assert plots.is_weekly(date(2026, 1, 1), date(2026, 2, 13))


def test_the_rating_axis_is_in_words_and_the_band_spans_each_week():
    rows = entries(*[(date(2026, 1, d), d % 3) for d in range(1, 29)])
    plot = plots.symptom_plot(
        "Walking",
        "walking",
        plots.rating_points(rows, "walking", True),
        date(2026, 1, 1),
        date(2026, 3, 31),
        True,
    )
    assert [label for _, label in plot.y_ticks] == [
        "none (0)",
        "mild (1)",
        "moderate (2)",
        "quite bad (3)",
        "severe (4)",
    ]
    assert plot.series[0].band
    assert plot.rows[0] == ("29 Dec 2025", "1", "0–2")


def test_table_rows_are_headed_by_their_date_and_every_cell_is_escaped():
    rows = plots.table_rows_html([("3 Jan 2026", "<b>", 2), ("10 Jan 2026", "a & 'b\"", "")])
    assert rows == (
        "<tr><th>3 Jan 2026</th><td>&lt;b&gt;</td><td>2</td></tr>"
        "<tr><th>10 Jan 2026</th><td>a &amp; &#x27;b&quot;</td><td></td></tr>"
    )
    assert conditional_escape(rows) == rows  # the template does not escape them a second time
