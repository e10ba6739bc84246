"""The numbers behind the diary's charts. Python computes where everything goes; the markup
is in templates/diary/includes/plot.html, so a chart's look is changed there. Only what repeats
for every point or tick is written out here (`Plot.table_rows`, `Series.circles`,
`Plot.grid_lines`, `Plot.tick_labels`): a three-year summary has thousands of table cells, and
template loops over them and the ticks of its sixteen charts were most of the page's time.

Symptom charts over more than about six weeks show one point per week (Monday to Sunday):
the median of that week's ratings, with a band from the lowest to the highest. Shorter
periods show each day. Axis labels are words ("none" ... "severe"), not only 0-4.
"""

import functools
import html
import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from .models import SYMPTOM_AREAS, Rating

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day):
    """``3 Jan 2026`` (fixed English month names, whatever the process locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_value(value):
    """Whole numbers without decimals (``3``), others with up to two (``72.5``)."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


WEEKLY_AFTER_DAYS = 42
# Fewer rated days than this in a period, and a chart would be a dot or two: the page asks
# for a few more entries instead.
ENOUGH_RATINGS = 3

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 92, 24, 24, 44
MARKERS_UP_TO = 60

LINE_STYLES = [("", "solid"), ("8 4", "long dashes"), ("2 4", "dots"), ("8 4 2 4", "dash and dot")]
RATING_WORDS = [(rating.value, rating.word) for rating in Rating]


@dataclass
class Series:
    label: str
    name: str
    lines: list = field(default_factory=list)  # "x,y x,y ..." per unbroken run
    band: str = ""  # polygon points of the range band
    markers: list = field(default_factory=list)  # (x, y)
    dash: str = ""  # stroke-dasharray, so lines differ without colour (and on paper)
    style: str = "solid"

    @property
    def circles(self):
        """The markers as SVG."""
        return format_html_join("", '<circle cx="{}" cy="{}" r="4"/>', self.markers)


@dataclass
class Plot:
    chart_id: str
    title: str
    description: str
    summary: str
    y_label: str
    x_label: str
    columns: list
    rows: list  # the first cell is the date, already written out ("3 Jan 2026")
    series: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)  # (y, label)
    x_ticks: list = field(default_factory=list)  # (x, label)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def x_label_x(self):
        return (self.left + self.right) / 2

    @property
    def many(self):
        return len(self.series) > 1

    @property
    def grid_lines(self):
        """A line across the chart at each tick of the value axis, as SVG."""
        return format_html_join(
            "",
            '<line x1="{}" y1="{}" x2="{}" y2="{}"/>',
            ((self.left, y, self.right, y) for y, _ in self.y_ticks),
        )

    @property
    def tick_labels(self):
        """The labels of both axes' ticks, as SVG: left of the value axis, under the time axis."""
        value_axis = format_html_join(
            "",
            '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
            ((self.left - 6, y, label) for y, label in self.y_ticks),
        )
        time_axis = format_html_join(
            "",
            '<text x="{}" y="{}" text-anchor="middle">{}</text>',
            ((x, self.bottom + 18, label) for x, label in self.x_ticks),
        )
        return value_axis + time_axis

    @property
    def table_rows(self):
        """The data table's body as HTML, each row headed by its first cell (the date)."""
        return table_rows_html(self.rows)


def table_rows_html(rows):
    """`<tr>` elements for rows of cells, the first cell of each a row header, every cell
    escaped. html.escape is what django.utils.html.escape runs, without the wrapper that costs
    four times as much per call: the cells of a three-year summary number some 7,000."""
    escape = html.escape
    written = []
    for first, *rest in rows:
        cells = "".join([f"<td>{escape(str(cell))}</td>" for cell in rest])
        written.append(f"<tr><th>{escape(str(first))}</th>{cells}</tr>")
    return mark_safe("".join(written))


@dataclass(frozen=True)
class Point:
    """One day or one week: the first day, the middle value (median) and the range."""

    start: object
    value: float
    low: float
    high: float
    count: int


def _week_start(day):
    return day - timedelta(days=day.weekday())


def by_period(entries, weekly):
    """(first day, its entries) for each week (Monday to Sunday) or each day, in date order."""
    groups = {}
    for entry in entries:
        key = _week_start(entry.date) if weekly else entry.date
        groups.setdefault(key, []).append(entry)
    return sorted(groups.items())


def period_points(periods, name):
    """Points for one symptom area (or the weight) from `by_period`: the median and range of
    each period with a value."""
    points = []
    for start, period_entries in periods:
        values = [value for entry in period_entries if (value := getattr(entry, name)) is not None]
        if not values:
            continue
        if name == "weight_kg":
            values = [float(value) for value in values]
        values.sort()
        points.append(Point(start, float(statistics.median(values)), values[0], values[-1], len(values)))
    return points


def rating_points(entries, name, weekly):
    """Points for one symptom area (or the weight): per week (median and range) or per day."""
    return period_points(by_period(entries, weekly), name)


def is_weekly(start, end):
    return (end - start).days > WEEKLY_AFTER_DAYS


def _x_ticks(first, last, to_x):
    span = (last - first).days
    if span <= 0:
        return [(to_x(first), format_date(first))]
    if span < 90:
        step = 7 if span > 21 else max(1, span // 6 or 1)
        days = [first + timedelta(days=offset) for offset in range(0, span + 1, step)]
        return [(to_x(day), f"{day.day} {MONTHS[day.month - 1]}") for day in days]
    months = span // 30
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 7)
    tick = first.replace(day=1)
    ticks = []
    while tick <= last:
        if tick >= first:
            label = f"{MONTHS[tick.month - 1]} {tick.year}" if step < 12 else str(tick.year)
            ticks.append((to_x(tick), label))
        index = tick.year * 12 + tick.month - 1 + step
        tick = tick.replace(year=index // 12, month=index % 12 + 1)
    return ticks


def _frame(start, end, y_min, y_max, plot):
    span = max((end - start).days, 1)

    def to_x(day):
        # Whole pixels: finer is invisible on screen and paper, and a three-year summary
        # repeats these numbers thousands of times.
        return round(plot.left + (day - start).days * (plot.right - plot.left) / span)

    # A rating chart has a few dozen distinct heights (medians in halves, 0 to 4) for
    # thousands of medians, lows and highs.
    @functools.cache
    def to_y(value):
        clamped = min(max(float(value), y_min), y_max)
        return round(plot.bottom - (clamped - y_min) * (plot.bottom - plot.top) / (y_max - y_min))

    plot.x_ticks = _x_ticks(start, end, to_x)
    return to_x, to_y


def _series(label, name, points, to_x, to_y, band, offset=timedelta(0), gap_days=None):
    """`gap_days`: a longer stretch without a point breaks the line (weeks nobody rated)."""
    series = Series(label=label, name=name)
    xs = [to_x(p.start + offset) for p in points]
    ys = [to_y(p.value) for p in points]
    run = []
    previous = None
    for point, x, y in zip(points, xs, ys, strict=True):
        if previous is not None and gap_days and (point.start - previous).days > gap_days:
            series.lines.append(run)
            run = []
        run.append(f"{x},{y}")
        previous = point.start
    if run:
        series.lines.append(run)
    series.lines = [" ".join(line) for line in series.lines]
    if len(points) <= MARKERS_UP_TO:
        series.markers = list(zip(xs, ys, strict=True))
    if band and any(p.low != p.high for p in points):
        upper = [f"{x},{to_y(p.high)}" for p, x in zip(points, xs, strict=True)]
        lower = [f"{x},{to_y(p.low)}" for p, x in zip(reversed(points), reversed(xs), strict=True)]
        series.band = " ".join(upper + lower)
    return series


def symptom_plot(label, name, points, start, end, weekly):
    """A chart of one area's ratings, with words on the rating axis."""
    unit = "week" if weekly else "day"
    plot = Plot(
        chart_id=f"chart-{name}",
        title=label,
        description=(
            f"{label}: "
            + (
                "the middle rating of each week, with a band from its lowest to its highest"
                if weekly
                else "the rating of each day"
            )
            + ", from none (0) at the bottom to severe (4) at the top. Higher means more trouble."
        ),
        summary="",
        y_label="Trouble",
        x_label="Week starting" if weekly else "Date",
        columns=["Week starting" if weekly else "Date", "Middle rating" if weekly else "Rating", "Range"],
        rows=[
            (format_date(p.start), format_value(p.value), f"{p.low}–{p.high}" if p.low != p.high else "")
            for p in points
        ],
    )
    to_x, to_y = _frame(start, end, 0, 4, plot)
    offset = timedelta(days=3) if weekly else timedelta(0)
    plot.y_ticks = [(to_y(value), f"{word} ({value})") for value, word in RATING_WORDS]
    plot.series = [
        _series(label, name, points, to_x, to_y, band=weekly, offset=offset, gap_days=14 if weekly else None)
    ]
    plot.summary = f"{len(points)} {unit}{'s' if len(points) != 1 else ''} with a rating."
    return plot


def _count(number, noun):
    return f"{number} {noun}{'' if number == 1 else 's'}"


def weight_plot(entries, start, end):
    """Weight in kilograms, weekly (median and range) over long periods like the symptoms."""
    weekly = is_weekly(start, end)
    points = rating_points(entries, "weight_kg", weekly)
    if not points:
        return None
    low = max(int(min(p.low for p in points)) - 2, 0)
    high = int(max(p.high for p in points)) + 3
    plot = Plot(
        chart_id="chart-weight",
        title="Weight",
        description=(
            f"Weight in kilograms, from {low} at the bottom to {high} at the top"
            + (", the middle of each week with a band from its lowest to its highest." if weekly else ".")
        ),
        summary=f"{_count(len(points), 'week' if weekly else 'day')} with a weight.",
        y_label="Kilograms",
        x_label="Week starting" if weekly else "Date",
        columns=[
            "Week starting" if weekly else "Date",
            "Kilograms (middle)" if weekly else "Kilograms",
            "Range",
        ],
        rows=[
            (
                format_date(p.start),
                format_value(p.value),
                f"{format_value(p.low)}–{format_value(p.high)}" if p.low != p.high else "",
            )
            for p in points
        ],
    )
    to_x, to_y = _frame(start, end, low, high, plot)
    step = max(1, (high - low) // 5)
    plot.y_ticks = [(to_y(v), str(v)) for v in range(low, high + 1, step)]
    offset = timedelta(days=3) if weekly else timedelta(0)
    plot.series = [
        _series(
            "Weight",
            "weight",
            points,
            to_x,
            to_y,
            band=weekly,
            offset=offset,
            gap_days=14 if weekly else None,
        )
    ]
    return plot


@dataclass(frozen=True)
class AreaChange:
    name: str
    label: str
    first: float
    last: float

    @property
    def direction(self):
        if self.last > self.first:
            return "worse"
        if self.last < self.first:
            return "better"
        return "same"

    @property
    def sentence(self):
        first, last = format_value(self.first), format_value(self.last)
        if self.direction == "same":
            return f"{self.label} stayed the same (middle rating {first} in the first and the last week)."
        return (
            f"{self.label} got {self.direction}: middle rating {first} in the first week, {last} in the last."
        )


def first_and_last_weeks(entries, start, end):
    """The entries of the period's first seven days and of its last seven, or None when the
    period is too short for those to be different weeks."""
    if (end - start).days < 13:
        return None
    first = [e for e in entries if e.date < start + timedelta(days=7)]
    last = [e for e in entries if e.date > end - timedelta(days=7)]
    return first, last


def first_and_last_week(weeks, name, label):
    """The change from the first week of `first_and_last_weeks` to the last, by median, or
    None unless both have a rating."""
    if weeks is None:
        return None
    first, last = ([v for e in week if (v := getattr(e, name)) is not None] for week in weeks)
    if not first or not last:
        return None
    return AreaChange(name, label, float(statistics.median(first)), float(statistics.median(last)))


def symptom_overview(entries, start, end, tracked=()):
    """Charts, plain-word changes and the areas with too few ratings, tracked areas first."""
    weekly = is_weekly(start, end)
    order = [a for a in SYMPTOM_AREAS if a[0] in tracked] + [a for a in SYMPTOM_AREAS if a[0] not in tracked]
    periods = by_period(entries, weekly)
    weeks = first_and_last_weeks(entries, start, end)
    plots, changes, too_few, unrated = [], [], [], []
    for name, label in order:
        points = period_points(periods, name)
        if not points:
            unrated.append(label)
            continue
        # Every point has at least one rated day, so the days need counting only when the
        # points are few.
        if len(points) < ENOUGH_RATINGS and (
            len({e.date for e in entries if getattr(e, name) is not None}) < ENOUGH_RATINGS
        ):
            too_few.append(label)
            continue
        plots.append(symptom_plot(label, name, points, start, end, weekly))
        change = first_and_last_week(weeks, name, label)
        if change:
            changes.append(change)
    return {"plots": plots, "changes": changes, "too_few": too_few, "unrated": unrated, "weekly": weekly}


def totals_plot(scored_assessments, start, end):
    """The ALSFRS-R total (0-48) and, in a second chart, the four domain subtotals (0-12)."""
    if not scored_assessments:
        return None, None
    total = Plot(
        chart_id="chart-alsfrs-total",
        title="ALSFRS-R total",
        description=(
            "ALSFRS-R self-assessment totals, from 0 at the bottom to 48 at the top. "
            "Higher means better function."
        ),
        summary=f"{len(scored_assessments)} self-assessment{'s' if len(scored_assessments) != 1 else ''}.",
        y_label="Points",
        x_label="Date",
        columns=["Date", "Total (of 48)"],
        rows=[(format_date(s.date), s.total) for s in scored_assessments],
    )
    to_x, to_y = _frame(start, end, 0, 48, total)
    total.y_ticks = [(to_y(v), f"{v}") for v in (0, 12, 24, 36, 48)]
    points = [Point(s.date, s.total, s.total, s.total, 1) for s in scored_assessments]
    total.series = [_series("Total", "total", points, to_x, to_y, band=False)]

    domains = Plot(
        chart_id="chart-alsfrs-domains",
        title="ALSFRS-R by domain",
        description=(
            "The four ALSFRS-R domain subtotals, each from 0 at the bottom to 12 at the top: "
            "speech and swallowing, hands, moving around, breathing. Higher means better function."
        ),
        summary="Each line is one domain; the table lists every subtotal.",
        y_label="Points",
        x_label="Date",
        columns=["Date", *[domain.label for domain, _ in scored_assessments[0].domains]],
        rows=[(format_date(s.date), *[value for _, value in s.domains]) for s in scored_assessments],
    )
    to_x, to_y = _frame(start, end, 0, 12, domains)
    domains.y_ticks = [(to_y(v), f"{v}") for v in (0, 3, 6, 9, 12)]
    for index, (domain, _) in enumerate(scored_assessments[0].domains):
        points = [Point(s.date, s.domains[index][1], 0, 0, 1) for s in scored_assessments]
        series = _series(domain.label, f"domain-{index + 1}", points, to_x, to_y, band=False)
        series.dash, series.style = LINE_STYLES[index]
        domains.series.append(series)
    return total, domains
