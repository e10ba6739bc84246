from datetime import date

from django.http import HttpResponse
from django.shortcuts import render

from .. import services
from ..forms import PeriodForm
from ..models import Activity
from ..permissions import diary_view
from ..reports import (
    alsfrs_change,
    alsfrs_chart,
    assessments_in,
    entries_in,
    symptom_charts,
    weight_chart,
    write_entries_csv,
)


def _period(request):
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    return form, start, end


def _report_context(access, start, end):
    entries = entries_in(access.diary, start, end)
    assessments = assessments_in(access.diary, start, end)
    charts, unrated = symptom_charts(entries)
    return {
        "access": access,
        "diary": access.diary,
        "start": start,
        "end": end,
        "entries": entries,
        "assessments": assessments,
        "charts": charts,
        "unrated": unrated,
        "weight_chart": weight_chart(entries),
        "alsfrs_chart": alsfrs_chart(assessments) if assessments else None,
        "alsfrs_change": alsfrs_change(assessments),
    }


def _report_page(request, access, template):
    form, start, end = _period(request)
    return render(request, template, {**_report_context(access, start, end), "form": form})


@diary_view(get="view_diary")
def trends(request, access):
    services.record_visit(access)
    return _report_page(request, access, "diary/trends.html")


@diary_view(get="view_diary")
def summary(request, access):
    services.record_visit(access, Activity.Kind.PRINTED)
    return _report_page(request, access, "diary/summary.html")


@diary_view(get="export")
def export_csv(request, access):
    """The entries of a period as CSV; `?period=all` for every entry of the diary."""
    if request.GET.get("period") == "all":
        entries = entries_in(access.diary, date.min, date.max)
        filename = "diary-entries-all.csv"
    else:
        _, start, end = _period(request)
        entries = entries_in(access.diary, start, end)
        filename = f"diary-entries-{start}-to-{end}.csv"
    services.record_activity(access.diary, request.user, Activity.Kind.EXPORTED, detail=filename)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_entries_csv(response, entries)
    return response
