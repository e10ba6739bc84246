"""How fast the ALSFRS-R falls: the two figures neurologists and trials use.

- ΔFS (delta-FS) = (48 − total) / months from symptom onset to the assessment. It assumes a
  full 48 at onset, so it needs only one assessment and the onset date (Kimura F, et al.
  Progression rate of ALSFRS-R at time of diagnosis predicts survival time in ALS. Neurology.
  2006;66(2):265-267).
- The slope: the least-squares line through a period's assessments (total against time), in
  points per month, with the number of assessments behind it. It needs two assessments on
  different days.

A month is 365.25 / 12 = 30.4375 days, so the figures do not depend on which months a
period crosses. ΔFS counts points lost, so a fall of half a point a month reads 0.5; the
slope keeps its sign, so the same fall reads −0.5.
"""

from dataclasses import dataclass

DAYS_PER_MONTH = 365.25 / 12
MAX_TOTAL = 48


def months_between(start, end):
    return (end - start).days / DAYS_PER_MONTH


def delta_fs(total, symptoms_began_on, assessed_on):
    """Points lost per month since onset, or None without an onset date or before a month
    has passed (a rate over days would say more about rounding than about the disease)."""
    if symptoms_began_on is None or assessed_on is None:
        return None
    months = months_between(symptoms_began_on, assessed_on)
    if months < 1:
        return None
    return (MAX_TOTAL - total) / months


@dataclass(frozen=True)
class Slope:
    points_per_month: float
    assessments: int
    months: float


def slope(dated_totals):
    """Least-squares slope of (date, total) pairs in points per month, or None with fewer
    than two assessments or all on one day."""
    pairs = [(day, total) for day, total in dated_totals]
    if len(pairs) < 2:
        return None
    first = min(day for day, _ in pairs)
    xs = [months_between(first, day) for day, _ in pairs]
    ys = [float(total) for _, total in pairs]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return Slope(points_per_month=covariance / spread, assessments=len(pairs), months=max(xs))


def rate_text(value):
    """0.52 -> "0.52"; figures are shown to two decimals, as clinics write them."""
    return f"{value:.2f}"
