"""A diary's members page: who may open it, inviting someone, changing roles, leaving."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import services
from ..forms import ConfirmForm, InvitationForm, RoleForm
from ..models import Invitation, Membership, Role
from ..permissions import diary_view


def _members_page(request, access, invite_form=None, status=200):
    diary = access.diary
    memberships = diary.memberships.select_related("user")
    invitations = []
    if access.can_manage_members:
        invitations = diary.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("invited_by")
    return render(
        request,
        "diary/members.html",
        {
            "access": access,
            "diary": diary,
            "memberships": memberships,
            "invitations": invitations,
            "invite_form": invite_form or InvitationForm(),
            "roles": Role.choices,
            "invitation_days": services.INVITATION_LIFETIME.days,
        },
        status=status,
    )


@diary_view(get="view_diary")
def members(request, access):
    return _members_page(request, access)


@diary_view(post="manage_members")
def invite(request, access):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _ = services.invite_member(
                access.diary,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                invited_by=request.user,
                accept_url_for=lambda token: request.build_absolute_uri(
                    reverse("diary:invitation", kwargs={"token": token})
                ),
            )
        except services.DiaryRuleBroken as problem:
            form.add_error("email", str(problem))
        else:
            messages.success(
                request,
                f"An invitation was emailed to {invitation.email}. The link works once, "
                f"for {services.INVITATION_LIFETIME.days} days.",
            )
            return redirect("diary:members", diary_id=access.diary.pk)
    return _members_page(request, access, invite_form=form, status=400)


def _membership_or_404(access, membership_id):
    try:
        return access.diary.memberships.select_related("user").get(pk=membership_id)
    except Membership.DoesNotExist:
        raise Http404("No such member") from None


@diary_view(post="manage_members")
def change_role(request, access, membership_id):
    membership = _membership_or_404(access, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose a role from the list.")
    else:
        try:
            services.change_role(membership, form.cleaned_data["role"])
        except services.DiaryRuleBroken as problem:
            messages.error(request, str(problem))
        else:
            role = Role(form.cleaned_data["role"]).label.lower()
            article = "an" if role[0] in "aeiou" else "a"
            messages.success(request, f"{membership.user.email} is now {article} {role} of this diary.")
    return redirect("diary:members", diary_id=access.diary.pk)


@diary_view(get="manage_members", post="manage_members")
def remove_member(request, access, membership_id):
    """Asks first (a slip of a head mouse must not cut a caregiver off), then removes."""
    membership = _membership_or_404(access, membership_id)
    if membership.user_id == request.user.pk:
        messages.error(request, "To leave this diary yourself, use “Leave this diary”.")
        return redirect("diary:members", diary_id=access.diary.pk)
    if request.method == "GET":
        return render(
            request,
            "diary/remove_member.html",
            {"access": access, "diary": access.diary, "membership": membership},
        )
    try:
        services.remove_member(membership)
    except services.DiaryRuleBroken as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{membership.user.email} no longer has access to this diary.")
    return redirect("diary:members", diary_id=access.diary.pk)


@diary_view(post="manage_members")
def revoke_invitation(request, access, invitation_id):
    try:
        invitation = access.diary.invitations.get(pk=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation") from None
    services.revoke_invitation(invitation)
    messages.success(
        request, f"The invitation to {invitation.email} was cancelled. Its link no longer works."
    )
    return redirect("diary:members", diary_id=access.diary.pk)


@diary_view(get="view_diary", post="view_diary")
def leave(request, access):
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_member(access.membership)
        except services.DiaryRuleBroken as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"You left the diary for {access.diary.patient_name}.")
            return redirect("diary:index")
    return render(request, "diary/leave.html", {"access": access, "diary": access.diary, "form": form})
