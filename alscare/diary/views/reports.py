from datetime import date

from django.http import HttpResponse
from django.shortcuts import render

from .. import services
from ..forms import PeriodForm
from ..models import Activity
from ..notices import guide_notices
from ..permissions import diary_view
from ..plots import ENOUGH_RATINGS, symptom_overview, totals_plot, weight_plot
from ..reports import (
    alsfrs_change,
    assessments_in,
    entries_in,
    entry_rows_in,
    progression_figures,
    scored,
    write_entries_csv,
)


def requested_period(request):
    """The period form from the query string, and the start and end it chose (the default
    period when the form is empty or invalid)."""
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    return form, start, end


def _report_context(access, start, end):
    diary = access.diary
    entries = entry_rows_in(diary, start, end)
    assessments = assessments_in(diary, start, end)
    history = [scored(a) for a in assessments]
    total_plot, domain_plot = totals_plot(history, start, end)
    return {
        "access": access,
        "diary": diary,
        "start": start,
        "end": end,
        "entries": entries,
        "assessments": assessments,
        "symptoms": symptom_overview(entries, start, end, diary.tracked_areas),
        "too_few_entries": len({e.date for e in entries}) < ENOUGH_RATINGS,
        "weight_plot": weight_plot(entries, start, end),
        "total_plot": total_plot,
        "domain_plot": domain_plot,
        "alsfrs_change": alsfrs_change(assessments),
        "progression": progression_figures(diary, history),
        "for_neurologist": [e for e in entries if e.for_neurologist],
    }


@diary_view(get="view_diary")
def trends(request, access):
    services.record_visit(access)
    form, start, end = requested_period(request)
    return render(request, "diary/trends.html", {**_report_context(access, start, end), "form": form})


@diary_view(get="view_diary")
def summary(request, access):
    services.record_visit(access, Activity.Kind.PRINTED)
    form, start, end = requested_period(request)
    period = f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
    report = _report_context(access, start, end)
    context = {
        **report,
        "entries_with_notes": [e for e in report["entries"] if e.notes],
        "form": form,
        "notices": guide_notices(access.diary),
        "print_view": request.GET.get("print") == "1",
        "print_url": f"{request.path}?{period}&print=1",
    }
    return render(request, "diary/summary.html", context)


@diary_view(get="export")
def export_csv(request, access):
    """The entries of a period as CSV; `?period=all` for every entry of the diary."""
    if request.GET.get("period") == "all":
        entries = entries_in(access.diary, date.min, date.max)
        filename = "diary-entries-all.csv"
    else:
        _, start, end = requested_period(request)
        entries = entries_in(access.diary, start, end)
        filename = f"diary-entries-{start}-to-{end}.csv"
    services.record_activity(access.diary, request.user, Activity.Kind.EXPORTED, detail=filename)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_entries_csv(response, entries)
    return response
