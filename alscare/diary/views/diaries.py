from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from .. import services
from ..forms import ConfirmForm, DiaryForm
from ..models import Membership
from ..permissions import diary_view, private_page

RECENT_ENTRIES = 7


@require_safe
@private_page
def index(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("diary")
        .order_by("diary__patient_name", "diary_id")
    )
    return render(request, "diary/index.html", {"memberships": memberships})


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def create(request):
    form = DiaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        diary = services.create_diary(request.user, form.cleaned_data["patient_name"])
        messages.success(request, f"The diary for {diary.patient_name} is ready. You are its owner.")
        return redirect("diary:home", diary_id=diary.pk)
    return render(request, "diary/create.html", {"form": form})


@diary_view(get="view_diary")
def home(request, access):
    diary = access.diary
    entries = list(diary.entries.select_related("created_by", "updated_by")[:RECENT_ENTRIES])
    latest = diary.assessments.first()
    other_diaries = Membership.objects.filter(user=request.user).exclude(diary=diary).count()
    return render(
        request,
        "diary/home.html",
        {
            "access": access,
            "diary": diary,
            "entries": entries,
            "latest_assessment": latest,
            "other_diaries": other_diaries,
        },
    )


@diary_view(get="delete_diary", post="delete_diary")
def delete(request, access):
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = access.diary.patient_name
        services.delete_diary(access.diary)
        messages.success(request, f"The diary for {name} was deleted, with all its entries.")
        return redirect(reverse("diary:index"))
    return render(request, "diary/delete.html", {"access": access, "diary": access.diary, "form": form})
