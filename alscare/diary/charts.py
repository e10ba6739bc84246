"""Server-rendered, accessible SVG line charts for diary trends.

Pure Python, no JavaScript. The markup:

- is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``
  (``aria-labelledby="<id>-title <id>-desc"``); the description states the first and last
  values with their dates and the change, so a screen-reader user gets the trend. Always offer
  ``Chart.rows`` as a data table next to the chart as well.
- has no ``style=`` attributes (the CSP forbids inline styles): colours and line styles are SVG
  presentation attributes (``stroke``, ``fill``, ``stroke-dasharray``) plus class names
  (``alscare-chart``, ``chart-grid``, ``chart-axis``, ``chart-line``, ``chart-marker`` ...)
  that a stylesheet may refine.
- reads in print and greyscale: a black line, white circles with black outlines as markers,
  dashed grey gridlines, black text labels.

Data rules:

- ``points`` are ``(date, value)``; they are sorted by date here. A ``None`` value means "not
  rated that day": it breaks the line (a gap), it is never drawn as zero. Days that simply have
  no point are bridged by the line.
- Values outside ``y_min..y_max`` are drawn at the nearest edge; ``rows`` keep the real value.
- Markup size: every rated point is on the line. With more than ``MARKER_LIMIT`` (120) rated
  points, circles are drawn only for an evenly spaced subset (about ``MARKER_TARGET`` = 60:
  every k-th rated point), plus the first and last point and any point standing alone between
  gaps (which would otherwise be invisible). We chose this over weekly averages so every marker
  sits on a real rating. ``rows`` always hold every rated point.
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

__all__ = ["MARKER_LIMIT", "MARKER_TARGET", "Chart", "format_date", "format_value", "line_chart"]

MARKER_LIMIT = 120
MARKER_TARGET = 60

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Colours: black for data and text; grey #767676 (4.5:1 on white) for gridlines.
INK = "#000000"
GRID = "#767676"
PAPER = "#ffffff"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'

MARGIN_LEFT = 48
MARGIN_RIGHT = 40
MARGIN_TOP = 28
MARGIN_BOTTOM = 44

Number = int | float | Decimal


@dataclass(frozen=True)
class Chart:
    """A rendered chart.

    ``svg`` is safe markup to output as is. ``rows`` is every rated point ``(date, value)`` in
    date order (``None`` values left out), for the data-table alternative. ``description`` is
    the full text of ``<desc>``: the caller's description, then the computed trend
    (``summary``), then ``invert_hint`` if given.
    """

    title: str
    description: str
    svg: SafeString
    rows: list[tuple[datetime.date, Number]] = field(default_factory=list)
    is_empty: bool = True
    chart_id: str = ""
    y_label: str = ""
    summary: str = ""
    invert_hint: str | None = None


def format_date(day: datetime.date) -> str:
    """``3 Jan 2026`` (fixed English month names, independent of the process locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_value(value: Number) -> str:
    """Whole numbers without decimals (``3``), others with up to two (``72.5``)."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _coerce_points(
    points: Iterable[tuple[datetime.date, Number | None]],
) -> list[tuple[datetime.date, Number | None]]:
    cleaned: list[tuple[datetime.date, Number | None]] = []
    for point in points:
        try:
            day, value = point
        except (TypeError, ValueError):
            raise ValueError(f"Each point must be a (date, value) pair, got {point!r}.") from None
        if isinstance(day, datetime.datetime):
            day = day.date()
        if not isinstance(day, datetime.date):
            raise ValueError(f"Point date must be a datetime.date, got {day!r}.")
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
                raise ValueError(f"Point value must be a number or None, got {value!r}.")
            if not math.isfinite(float(value)):
                raise ValueError(f"Point value must be a finite number, got {value!r}.")
        cleaned.append((day, value))
    cleaned.sort(key=lambda p: p[0])  # stable: same-day points keep their order
    return cleaned


def _summary(rows: Sequence[tuple[datetime.date, Number]], unrated: int) -> str:
    if not rows:
        return "No ratings yet."
    first_day, first = rows[0]
    if len(rows) == 1:
        text = f"One rating: {format_value(first)} on {format_date(first_day)}."
    else:
        last_day, last = rows[-1]
        change = float(last) - float(first)
        if abs(change) < 1e-9:
            change_text = "No change overall."
        elif change > 0:
            change_text = f"Up by {format_value(round(change, 2))} overall."
        else:
            change_text = f"Down by {format_value(round(-change, 2))} overall."
        values = [float(v) for _, v in rows]
        text = (
            f"From {format_value(first)} on {format_date(first_day)} to {format_value(last)} on "
            f"{format_date(last_day)}. {change_text} {len(rows)} ratings; lowest "
            f"{format_value(min(values))}, highest {format_value(max(values))}."
        )
    if unrated:
        text += f" {unrated} {'day' if unrated == 1 else 'days'} not rated (gaps in the line)."
    return text


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _x_ticks(first: datetime.date, last: datetime.date, plot_width: float) -> list[tuple[datetime.date, str]]:
    """Date ticks for the span: days (``3 Jan 2026``), months (``Jan 2026``) or years."""
    span = (last - first).days
    if span == 0:
        return [(first, format_date(first))]
    if span < 90:
        max_ticks = max(2, int(plot_width // 84))
        step = next((s for s in (1, 2, 7, 14, 28) if span // s + 1 <= max_ticks), 28)
        return [
            (first + datetime.timedelta(days=offset), format_date(first + datetime.timedelta(days=offset)))
            for offset in range(0, span + 1, step)
        ]
    if span <= 3 * 366:
        max_ticks = max(2, int(plot_width // 68))
        start = first if first.day == 1 else _add_months(first, 1)
        months = (last.year - start.year) * 12 + last.month - start.month + 1
        step = next((s for s in (1, 2, 3, 6, 12) if math.ceil(months / s) <= max_ticks), 12)
        ticks = []
        tick = start
        while tick <= last:
            ticks.append((tick, f"{MONTHS[tick.month - 1]} {tick.year}"))
            tick = _add_months(tick, step)
        return ticks
    max_ticks = max(2, int(plot_width // 48))
    start_year = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    years = last.year - start_year + 1
    step = next((s for s in (1, 2, 5, 10, 20, 50) if math.ceil(years / s) <= max_ticks), 100)
    return [(datetime.date(year, 1, 1), str(year)) for year in range(start_year, last.year + 1, step)]


def _y_ticks(y_min: float, y_max: float) -> list[int]:
    """Whole-number ticks from y_min to y_max, at most 9 of them."""
    low, high = math.ceil(y_min), math.floor(y_max)
    span = high - low
    step = next(
        (s for s in (1, 2, 4, 5, 6, 10, 12, 20, 25, 50, 100, 200, 250, 500, 1000) if span / s <= 8),
        max(1, math.ceil(span / 8)),
    )
    ticks = list(range(low, high + 1, step))
    if ticks and ticks[-1] != high and (high - ticks[-1]) >= step / 2:
        ticks.append(high)
    return ticks


def _open_svg(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="alscare-chart" role="img" '
        'aria-labelledby="{0}-title {0}-desc" viewBox="0 0 {1} {2}" width="{1}" height="{2}" '
        'preserveAspectRatio="xMinYMin meet" focusable="false">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>',
        chart_id,
        width,
        height,
        title,
        description,
    )


def line_chart(
    title: str,
    description: str,
    points: Iterable[tuple[datetime.date, Number | None]],
    y_min: Number,
    y_max: Number,
    y_label: str,
    *,
    invert_hint: str | None = None,
    width: int = 640,
    height: int = 240,
    chart_id: str | None = None,
) -> Chart:
    """Render a line chart of ``points`` (``(date, value or None)``, any order).

    ``description`` is the caller's sentence about what is shown (e.g. "Your walking ratings,
    0 = no trouble, 4 = cannot walk."); the computed trend follows it in ``<desc>``.
    ``invert_hint`` is an optional plain sentence about which direction is better (e.g.
    "Higher numbers mean more trouble."), appended to the description. ``chart_id`` overrides
    the generated unique id (slug of the title plus a random suffix). Raises ``ValueError``
    for malformed points or ``y_min >= y_max``.
    """
    y_lo, y_hi = float(y_min), float(y_max)
    if not y_lo < y_hi:
        raise ValueError(f"y_min ({y_min}) must be less than y_max ({y_max}).")
    width, height = int(width), int(height)
    if width < MARGIN_LEFT + MARGIN_RIGHT + 40 or height < MARGIN_TOP + MARGIN_BOTTOM + 40:
        raise ValueError("Chart width or height is too small.")

    cleaned = _coerce_points(points)
    rows: list[tuple[datetime.date, Number]] = [(d, v) for d, v in cleaned if v is not None]
    unrated = len(cleaned) - len(rows)
    summary = _summary(rows, unrated)
    full_description = " ".join(
        part for part in ((description or "").strip(), summary, (invert_hint or "").strip()) if part
    )
    if chart_id is None:
        chart_id = f"chart-{slugify(title)[:40] or 'untitled'}-{uuid.uuid4().hex[:8]}"
    else:
        chart_id = slugify(chart_id) or f"chart-{uuid.uuid4().hex[:8]}"

    common = {
        "title": title,
        "description": full_description,
        "rows": rows,
        "chart_id": chart_id,
        "y_label": y_label,
        "summary": summary,
        "invert_hint": invert_hint,
    }

    if not rows:
        empty_height = 48
        svg = _open_svg(chart_id, title, full_description, width, empty_height) + format_html(
            '<rect class="chart-frame" x="0.5" y="0.5" width="{}" height="{}" fill="{}" '
            'stroke="{}" stroke-dasharray="4 4"/>'
            '<text class="chart-empty" x="{}" y="{}" text-anchor="middle" dominant-baseline="middle" '
            '{} font-size="16" fill="{}">No ratings yet</text></svg>',
            width - 1,
            empty_height - 1,
            PAPER,
            GRID,
            width // 2,
            empty_height // 2,
            mark_safe(FONT),
            INK,
        )
        return Chart(svg=mark_safe(svg), is_empty=True, **common)

    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    plot_w, plot_h = right - left, bottom - top
    first_day, last_day = rows[0][0], rows[-1][0]
    day_span = (last_day - first_day).days
    first_ordinal = first_day.toordinal()

    def x_of(day: datetime.date) -> float:
        if day_span == 0:
            return left + plot_w / 2
        return left + (day.toordinal() - first_ordinal) * plot_w / day_span

    def y_of(value: Number) -> float:
        clamped = min(max(float(value), y_lo), y_hi)
        return bottom - (clamped - y_lo) * plot_h / (y_hi - y_lo)

    parts: list[str] = [_open_svg(chart_id, title, full_description, width, height)]
    parts.append(
        f'<rect class="chart-background" x="0" y="0" width="{width}" height="{height}" fill="{PAPER}"/>'
    )

    # Gridlines (dashed) and tick labels. All numbers here are computed floats/ints; text goes
    # through escape().
    y_ticks = _y_ticks(y_lo, y_hi)
    x_ticks = _x_ticks(first_day, last_day, plot_w)
    grid: list[str] = []
    labels: list[str] = []
    for tick in y_ticks:
        y = y_of(tick)
        grid.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>')
        labels.append(
            f'<text x="{left - 8}" y="{y:.1f}" text-anchor="end" dominant-baseline="middle">{tick}</text>'
        )
    for day, label in x_ticks:
        x = x_of(day)
        grid.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>')
        labels.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{escape(label)}</text>')
    parts.append(
        f'<g class="chart-grid" fill="none" stroke="{GRID}" stroke-width="1" stroke-dasharray="4 4">'
        + "".join(grid)
        + "</g>"
    )
    parts.append(
        f'<g class="chart-axis" fill="none" stroke="{INK}" stroke-width="1.5">'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>'
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/></g>'
    )
    parts.append(
        f'<g class="chart-tick-labels" {FONT} font-size="12" fill="{INK}">' + "".join(labels) + "</g>"
    )
    parts.append(
        f'<text class="chart-axis-label chart-y-label" x="{left - 8}" y="{top - 12}" {FONT} font-size="13" '
        f'font-weight="bold" fill="{INK}">{escape(y_label)}</text>'
    )
    parts.append(
        f'<text class="chart-axis-label chart-x-label" x="{left + plot_w / 2:.1f}" y="{height - 6}" '
        f'text-anchor="middle" {FONT} font-size="13" font-weight="bold" fill="{INK}">Date</text>'
    )

    # The line: one polyline per run of rated days; None starts a new run (a gap).
    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for day, value in cleaned:
        if value is None:
            if current:
                segments.append(current)
                current = []
            continue
        current.append((x_of(day), y_of(value)))
    if current:
        segments.append(current)

    lines = [
        '<polyline points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in seg) + '"/>'
        for seg in segments
        if len(seg) > 1
    ]
    if lines:
        # More than one rating per 2 px: a thinner line keeps day-to-day changes apart.
        stroke_width = 2 if len(rows) <= plot_w / 2 else 1
        parts.append(
            f'<g class="chart-line" fill="none" stroke="{INK}" stroke-width="{stroke_width}" '
            f'stroke-linejoin="round" stroke-linecap="round">' + "".join(lines) + "</g>"
        )

    # Markers: all points up to MARKER_LIMIT, else every k-th plus first, last and lone points.
    total = len(rows)
    stride = 1 if total <= MARKER_LIMIT else math.ceil(total / MARKER_TARGET)
    markers: list[str] = []
    index = 0
    for seg in segments:
        lone = len(seg) == 1
        for x, y in seg:
            if lone or index % stride == 0 or index == total - 1:
                markers.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
            index += 1
    parts.append(
        f'<g class="chart-marker" fill="{PAPER}" stroke="{INK}" stroke-width="2">' + "".join(markers) + "</g>"
    )
    parts.append("</svg>")
    return Chart(svg=mark_safe("".join(parts)), is_empty=False, **common)
