import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from alscare.diary.models import Membership
from alscare.diary.permissions import DiaryAccess, can_export, private_page
from alscare.diary.services import diaries_owned_only_by

from . import services
from .forms import DeleteAccountForm


@require_safe
@private_page
def overview(request):
    memberships = [
        (membership, can_export(DiaryAccess(membership.diary, membership)))
        for membership in Membership.objects.in_live_diaries()
        .filter(user=request.user, waiting_for_approval=False)
        .select_related("diary")
        .order_by("diary__patient_name", "diary_id")
    ]
    return render(request, "accounts/overview.html", {"memberships": memberships})


@require_safe
@private_page
def export(request):
    data = services.export_data(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"alscare-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def delete(request):
    form = DeleteAccountForm(request.POST or None, request=request)
    doomed = diaries_owned_only_by(request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(request, "Your account was deleted.")
        return redirect("guide:home")
    return render(request, "accounts/delete.html", {"form": form, "doomed": doomed})
