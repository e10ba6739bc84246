"""A diary's members page: who may open it, inviting someone, changing roles, leaving, the
patient's own settings, and the activity record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import services
from ..forms import (
    ActingForPatientForm,
    ApprovalSettingForm,
    ConfirmForm,
    InvitationForm,
    PatientInvitationForm,
    RoleForm,
)
from ..models import ACTIVITY_RETENTION, Invitation, Membership, Role, display_name
from ..permissions import diary_view

ACTIVITY_PER_PAGE = 50


def members_url(request, diary):
    """The members page as a link for the patient's notice email."""
    return request.build_absolute_uri(reverse("diary:members", kwargs={"diary_id": diary.pk}))


def _invitation_url_for(request):
    """The invitation email's link, built from the raw token that exists only while sending."""
    return lambda token: request.build_absolute_uri(reverse("diary:invitation", kwargs={"token": token}))


def _members_page(request, access, invite_form=None, patient_form=None, status=200):
    diary = access.diary
    memberships = list(diary.memberships.select_related("user"))
    members = [m for m in memberships if not m.waiting_for_approval]
    owners = [m for m in members if m.role == Role.OWNER and m.user_id != diary.patient_id]
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
            "rows": [(m, access.may_change(m)) for m in members],
            "waiting": [m for m in memberships if m.waiting_for_approval]
            if access.has_patient_powers
            else [],
            "invitations": invitations,
            "invite_form": invite_form or InvitationForm(),
            "patient_form": patient_form or PatientInvitationForm(),
            "approval_form": ApprovalSettingForm(
                initial={"new_members_need_approval": diary.new_members_need_approval}
            ),
            "acting_form": ActingForPatientForm(
                owners=owners, initial={"member": diary.acting_for_patient_id}
            ),
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
                accept_url_for=_invitation_url_for(request),
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


@diary_view(post="invite_patient")
def invite_patient(request, access):
    """Invite the person the diary is about to become its patient."""
    form = PatientInvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _ = services.invite_member(
                access.diary,
                form.cleaned_data["email"],
                Role.OWNER,
                invited_by=request.user,
                accept_url_for=_invitation_url_for(request),
                as_patient=True,
            )
        except services.DiaryRuleBroken as problem:
            form.add_error("email", str(problem))
        else:
            messages.success(
                request,
                f"An invitation to be this diary's patient was emailed to {invitation.email}. "
                f"The link works once, for {services.INVITATION_LIFETIME.days} days.",
            )
            return redirect("diary:members", diary_id=access.diary.pk)
    return _members_page(request, access, patient_form=form, status=400)


def _membership_or_404(access, membership_id):
    try:
        return access.diary.memberships.select_related("user").get(pk=membership_id)
    except Membership.DoesNotExist:
        raise Http404("No such member") from None


def _changeable_membership(access, membership_id):
    """The member `access` is about to change, or 403: the patient is nobody's to change."""
    membership = _membership_or_404(access, membership_id)
    if membership.user_id != access.membership.user_id and not access.may_change(membership):
        raise PermissionDenied
    return membership


@diary_view(post="manage_members")
def change_role(request, access, membership_id):
    membership = _changeable_membership(access, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose a role from the list.")
    else:
        try:
            services.change_role(
                membership,
                form.cleaned_data["role"],
                by=access,
                members_url=members_url(request, access.diary),
            )
        except services.DiaryRuleBroken as problem:
            messages.error(request, str(problem))
        else:
            role = Role(form.cleaned_data["role"]).label.lower()
            article = "an" if role[0] in "aeiou" else "a"
            messages.success(
                request, f"{display_name(membership.user)} is now {article} {role} of this diary."
            )
    return redirect("diary:members", diary_id=access.diary.pk)


@diary_view(get="manage_members", post="manage_members")
def remove_member(request, access, membership_id):
    """Asks first (a slip of a head mouse must not cut a caregiver off), then removes."""
    membership = _changeable_membership(access, membership_id)
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
        services.remove_member(membership, by=access, members_url=members_url(request, access.diary))
    except services.DiaryRuleBroken as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{display_name(membership.user)} no longer has access to this diary.")
    return redirect("diary:members", diary_id=access.diary.pk)


@diary_view(post="patient_powers")
def approve_member(request, access, membership_id):
    membership = _changeable_membership(access, membership_id)
    services.approve_member(membership, by=access, members_url=members_url(request, access.diary))
    messages.success(request, f"{display_name(membership.user)} can now open this diary.")
    return redirect("diary:members", diary_id=access.diary.pk)


@diary_view(post="patient_settings")
def approval_setting(request, access):
    form = ApprovalSettingForm(request.POST)
    form.is_valid()  # an unticked box is simply "off"
    value = bool(form.cleaned_data.get("new_members_need_approval"))
    services.set_new_members_need_approval(access, value)
    if value:
        messages.success(request, "From now on, people who accept an invitation wait for your approval.")
    else:
        messages.success(request, "People who accept an invitation can open the diary at once.")
    return redirect("diary:members", diary_id=access.diary.pk)


@diary_view(post="patient_settings")
def acting_for_patient(request, access):
    owners = access.diary.memberships.filter(role=Role.OWNER).exclude(user_id=access.diary.patient_id)
    form = ActingForPatientForm(request.POST, owners=owners.select_related("user"))
    if not form.is_valid():
        messages.error(request, "Please choose an owner from the list, or nobody.")
        return redirect("diary:members", diary_id=access.diary.pk)
    chosen = form.cleaned_data["member"]
    membership = _membership_or_404(access, chosen) if chosen else None
    try:
        services.set_acting_for_patient(access, membership)
    except services.DiaryRuleBroken as problem:
        messages.error(request, str(problem))
    else:
        if membership:
            messages.success(request, f"{display_name(membership.user)} may now act for you in this diary.")
        else:
            messages.success(request, "Nobody acts for you in this diary now.")
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
            services.remove_member(access.membership, members_url=members_url(request, access.diary))
        except services.DiaryRuleBroken as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"You left the diary for {access.diary.patient_name}.")
            return redirect("diary:index")
    return render(request, "diary/leave.html", {"access": access, "diary": access.diary, "form": form})


@diary_view(get="view_activity")
def activity(request, access):
    """Who viewed, changed, exported or printed the diary, and when, over the last year."""
    page = Paginator(services.activity_of(access.diary), ACTIVITY_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "diary/activity.html",
        {"access": access, "diary": access.diary, "page": page, "retention_days": ACTIVITY_RETENTION.days},
    )
