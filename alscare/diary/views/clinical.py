import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .. import fhir, services
from ..forms import ClinicalDetailsForm, DisplayNameForm, ReminderForm
from ..models import Activity, Reminder
from ..permissions import diary_view
from ..reports import assessments_in
from .reports import requested_period


@diary_view(get="manage_members", post="manage_members")
def clinical_details(request, access):
    """The onset and diagnosis dates, and the areas this diary tracks."""
    form = ClinicalDetailsForm(request.POST or None, instance=access.diary)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The diary's details are saved.")
        return redirect("diary:home", diary_id=access.diary.pk)
    return render(
        request, "diary/clinical_details.html", {"access": access, "diary": access.diary, "form": form}
    )


@diary_view(get="view_diary", post="view_diary")
def my_settings(request, access):
    """A member's own name in the diary and their own reminders."""
    user = request.user
    current = set(access.membership.reminders.values_list("kind", flat=True))
    name_form = DisplayNameForm(initial={"display_name": user.first_name}, prefix="name")
    reminder_form = ReminderForm(initial={"kinds": sorted(current)}, prefix="reminders")
    if request.method == "POST":
        if "name-display_name" in request.POST:
            name_form = DisplayNameForm(request.POST, prefix="name")
            if name_form.is_valid():
                user.first_name = name_form.cleaned_data["display_name"]
                user.save(update_fields=["first_name"])
                messages.success(request, f"Other members now see you as {user.first_name}.")
                return redirect("diary:my_settings", diary_id=access.diary.pk)
        else:
            reminder_form = ReminderForm(request.POST, prefix="reminders")
            if reminder_form.is_valid():
                wanted = set(reminder_form.cleaned_data["kinds"])
                access.membership.reminders.exclude(kind__in=wanted).delete()
                for kind in wanted - current:
                    Reminder.objects.get_or_create(membership=access.membership, kind=kind)
                messages.success(
                    request,
                    "Your reminders are saved." if wanted else "You will get no reminders from this diary.",
                )
                return redirect("diary:my_settings", diary_id=access.diary.pk)
    return render(
        request,
        "diary/my_settings.html",
        {"access": access, "diary": access.diary, "name_form": name_form, "reminder_form": reminder_form},
    )


@diary_view(get="export")
def alsfrs_fhir(request, access):
    """The period's ALSFRS-R self-assessments as a FHIR R4 Bundle of QuestionnaireResponses."""
    _, start, end = requested_period(request)
    assessments = assessments_in(access.diary, start, end)
    filename = f"alsfrs-r-{start}-to-{end}.fhir.json"
    services.record_activity(access.diary, request.user, Activity.Kind.EXPORTED, detail=filename)
    response = HttpResponse(
        json.dumps(fhir.bundle(assessments, access.diary.patient_name), ensure_ascii=False, indent=1),
        content_type="application/fhir+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
