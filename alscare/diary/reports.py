"""Read-only views of a diary over a period: trend charts, the ALSFRS-R change, CSV rows.

Each function costs a fixed number of queries, whatever the amount of data.
"""

import csv
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from . import alsfrs, progression
from .models import SYMPTOM_AREAS, SYMPTOM_FIELDS, author_name


@dataclass(frozen=True)
class ScoredAssessment:
    assessment: object
    total: int
    domains: list  # (Domain, subtotal)

    @property
    def date(self):
        return self.assessment.date


def scored(assessment):
    result = alsfrs.score(assessment.answers)
    return ScoredAssessment(
        assessment=assessment,
        total=result.total,
        domains=[(domain, result.domains[domain.key]) for domain in alsfrs.DOMAINS],
    )


def answered_items(assessment):
    """(item, score, answer text) for each of the 12 items, in order."""
    rows = []
    for item in alsfrs.ITEMS:
        value = assessment.answers[item.key]
        alternative = item.has_alternative and assessment.cutting_food_with_tube
        rows.append((item, value, alsfrs.answer_text(item.key, value, alternative=alternative)))
    return rows


def entries_in(diary, start, end):
    return list(
        diary.entries.filter(date__range=(start, end))
        .select_related("created_by", "updated_by")
        .order_by("date", "created_at", "id")
    )


# What the trends and the summary show of an entry. They read it as plain rows: over three
# years of days, building whole entries with their authors took longer than the charts.
REPORT_FIELDS = ("date", *SYMPTOM_FIELDS, "weight_kg", "notes", "for_neurologist")


def entry_rows_in(diary, start, end):
    """The period's entries, oldest first, as named rows of REPORT_FIELDS."""
    return list(
        diary.entries.filter(date__range=(start, end))
        .order_by("date", "created_at", "id")
        .values_list(*REPORT_FIELDS, named=True)
    )


def assessments_in(diary, start, end):
    return list(diary.assessments.filter(date__range=(start, end)).order_by("date", "created_at", "id"))


@dataclass(frozen=True)
class AlsfrsChange:
    first: ScoredAssessment
    last: ScoredAssessment

    @property
    def total_change(self):
        return self.last.total - self.first.total

    @property
    def domain_changes(self):
        """(Domain, first subtotal, last subtotal, change)."""
        return [
            (domain, before, after, after - before)
            for (domain, before), (_, after) in zip(self.first.domains, self.last.domains, strict=True)
        ]


def alsfrs_change(assessments):
    """The change between the first and last assessment of a period, or None with fewer than one."""
    if not assessments:
        return None
    return AlsfrsChange(first=scored(assessments[0]), last=scored(assessments[-1]))


@dataclass(frozen=True)
class ProgressionFigures:
    """ΔFS at the period's last assessment (None without an onset date) and the slope over
    the period (None with fewer than two assessments)."""

    latest: ScoredAssessment | None
    delta_fs: float | None
    slope: progression.Slope | None
    symptoms_began_on: object

    @property
    def delta_fs_text(self):
        return None if self.delta_fs is None else progression.rate_text(self.delta_fs)

    @property
    def slope_text(self):
        if self.slope is None:
            return None
        value = self.slope.points_per_month
        return progression.rate_text(value).replace("-", "−") if abs(value) >= 0.005 else "0.00"


def progression_figures(diary, history):
    """`history`: the period's scored assessments, oldest first."""
    latest = history[-1] if history else None
    return ProgressionFigures(
        latest=latest,
        delta_fs=progression.delta_fs(latest.total, diary.symptoms_began_on, latest.date) if latest else None,
        slope=progression.slope([(s.date, s.total) for s in history]),
        symptoms_began_on=diary.symptoms_began_on,
    )


# CSV

CSV_HEADER = [
    "Date",
    *[label for _, label in SYMPTOM_AREAS],
    "Weight (kg)",
    "Notes",
    "Written by",
    "Written at",
    "Last changed by",
    "Last changed at",
]


def _cell(value):
    """Text a spreadsheet will show as text: a leading =, +, - or @ would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def write_entries_csv(out, entries):
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for entry in entries:
        writer.writerow(
            [
                entry.date.isoformat(),
                *[_cell(getattr(entry, name)) for name in SYMPTOM_FIELDS],
                _cell(entry.weight_kg),
                _cell(entry.notes),
                _cell(author_name(entry.created_by)),
                timezone.localtime(entry.created_at).isoformat(timespec="minutes"),
                _cell(author_name(entry.updated_by)) if entry.version > 1 else "",
                timezone.localtime(entry.updated_at).isoformat(timespec="minutes")
                if entry.version > 1
                else "",
            ]
        )
