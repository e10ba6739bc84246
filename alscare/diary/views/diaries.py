from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from .. import services
from ..forms import ConfirmForm, DiaryForm
from ..models import UNDO_PERIOD, Membership
from ..notices import guide_notices
from ..permissions import diary_view, private_page
from ..reports import scored

RECENT_ENTRIES = 7


@require_safe
@private_page
def index(request):
    memberships = list(
        Membership.objects.in_live_diaries()
        .filter(user=request.user)
        .select_related("diary")
        .order_by("diary__patient_name", "diary_id")
    )
    return render(
        request,
        "diary/index.html",
        {
            "memberships": [m for m in memberships if not m.waiting_for_approval],
            "waiting": [m for m in memberships if m.waiting_for_approval],
            "deleted": services.deleted_diaries_restorable_by(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def create(request):
    form = DiaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        diary = services.create_diary(
            request.user, form.cleaned_data["patient_name"], is_patient=form.cleaned_data["about_me"]
        )
        messages.success(request, f"The diary for {diary.patient_name} is ready. You are its owner.")
        return redirect("diary:home", diary_id=diary.pk)
    return render(request, "diary/create.html", {"form": form})


@diary_view(get="view_diary")
def home(request, access):
    diary = access.diary
    entries = list(diary.entries.select_related("created_by", "updated_by")[:RECENT_ENTRIES])
    latest = diary.assessments.first()
    other_diaries = (
        Membership.objects.in_live_diaries()
        .filter(user=request.user, waiting_for_approval=False)
        .exclude(diary=diary)
        .count()
    )
    services.record_visit(access)
    changes, waiting = [], 0
    if access.has_patient_powers:
        changes = services.recent_membership_changes(diary)
        waiting = diary.memberships.filter(waiting_for_approval=True).count()
    return render(
        request,
        "diary/home.html",
        {
            "access": access,
            "diary": diary,
            "entries": entries,
            "latest_assessment": latest,
            "other_diaries": other_diaries,
            "membership_changes": changes,
            "waiting": waiting,
            "undo_days": UNDO_PERIOD.days,
            "notices": guide_notices(diary),
            "latest_scored": scored(latest) if latest else None,
        },
    )


@diary_view(get="delete_diary", post="delete_diary")
def delete(request, access):
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = access.diary.patient_name
        try:
            services.delete_diary(access.diary, by=access)
        except services.DiaryRuleBroken as problem:
            messages.error(request, str(problem))
            return redirect("diary:home", diary_id=access.diary.pk)
        messages.success(
            request,
            f"The diary for {name} was deleted. You can bring it back from your list of diaries "
            f"for {UNDO_PERIOD.days} days.",
        )
        return redirect(reverse("diary:index"))
    return render(
        request,
        "diary/delete.html",
        {"access": access, "diary": access.diary, "form": form, "undo_days": UNDO_PERIOD.days},
    )


@diary_view(post="delete_diary", deleted=True)
def restore(request, access):
    """Bring back a deleted diary (reached only while it is deleted)."""
    try:
        services.restore_diary(access.diary, by=access)
    except services.DiaryRuleBroken as problem:
        messages.error(request, str(problem))
        return redirect("diary:index")
    messages.success(request, f"The diary for {access.diary.patient_name} is back, with everything in it.")
    return redirect("diary:home", diary_id=access.diary.pk)


@diary_view(get="view_diary")
def settings(request, access):
    """The diary's dangerous actions, kept apart from its everyday pages: removing members,
    leaving, deleting the diary, and the way to delete one's account."""
    diary = access.diary
    removable = [
        membership
        for membership in diary.memberships.filter(waiting_for_approval=False).select_related("user")
        if access.may_change(membership)
    ]
    return render(
        request,
        "diary/settings.html",
        {"access": access, "diary": diary, "removable": removable, "undo_days": UNDO_PERIOD.days},
    )
