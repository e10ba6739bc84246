from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from .. import alsfrs, services
from ..forms import AssessmentForm, ConfirmForm, FeedingTubeForm
from ..models import Assessment
from ..permissions import diary_view
from ..plots import totals_plot
from ..reports import answered_items, scored


def _assessment_or_404(access, assessment_id):
    try:
        return access.diary.assessments.select_related("created_by").get(pk=assessment_id)
    except Assessment.DoesNotExist:
        raise Http404("No such assessment") from None


@diary_view(get="view_diary")
def assessment_list(request, access):
    assessments = list(access.diary.assessments.select_related("created_by"))
    history = [scored(a) for a in assessments]
    oldest_first = list(reversed(history))
    total_plot, domain_plot = (
        totals_plot(oldest_first, oldest_first[0].date, oldest_first[-1].date) if history else (None, None)
    )
    services.record_visit(access)
    return render(
        request,
        "diary/assessment_list.html",
        {
            "access": access,
            "diary": access.diary,
            "history": history,
            "domains": alsfrs.DOMAINS,
            "total_plot": total_plot,
            "domain_plot": domain_plot,
            "note": alsfrs.SELF_ASSESSMENT_NOTE,
        },
    )


@diary_view(get="add_entry", post="add_entry")
def assessment_add(request, access):
    context = {"access": access, "diary": access.diary, "note": alsfrs.SELF_ASSESSMENT_NOTE}
    if request.method != "POST":
        # First: the feeding-tube question, so question 5 shows one version only.
        tube = FeedingTubeForm(request.GET if "feeding_tube" in request.GET else None)
        if not tube.is_valid():
            return render(request, "diary/assessment_start.html", {**context, "form": tube})
        form = AssessmentForm(feeding_tube=tube.cleaned_data["feeding_tube"])
        return render(request, "diary/assessment_form.html", {**context, "form": form})
    form = AssessmentForm(request.POST)
    if form.is_valid() and not form.is_last_page:
        return render(request, "diary/assessment_form.html", {**context, "form": form.next_page()})
    if form.is_valid():
        answers, with_tube = form.answers()
        assessment = services.record_assessment(
            access.diary,
            form.cleaned_data["date"],
            answers,
            by=request.user,
            cutting_food_with_tube=with_tube,
        )
        messages.success(request, f"The self-assessment is saved. Total: {assessment.total} out of 48.")
        return redirect("diary:assessment", diary_id=access.diary.pk, assessment_id=assessment.pk)
    return render(request, "diary/assessment_form.html", {**context, "form": form})


@diary_view(get="view_diary")
def assessment_detail(request, access, assessment_id):
    assessment = _assessment_or_404(access, assessment_id)
    services.record_visit(access)
    return render(
        request,
        "diary/assessment_detail.html",
        {
            "access": access,
            "diary": access.diary,
            "assessment": assessment,
            "result": scored(assessment),
            "items": answered_items(assessment),
            "note": alsfrs.SELF_ASSESSMENT_NOTE,
        },
    )


@diary_view(get="edit_entry", post="edit_entry")
def assessment_delete(request, access, assessment_id):
    assessment = _assessment_or_404(access, assessment_id)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_assessment(assessment, by=request.user)
        messages.success(request, f"The self-assessment of {assessment.date:%-d %B %Y} was deleted.")
        return redirect("diary:assessments", diary_id=access.diary.pk)
    return render(
        request,
        "diary/assessment_delete.html",
        {"access": access, "diary": access.diary, "assessment": assessment, "form": form},
    )
