"""The page an invitation link opens, for the person invited."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import services
from ..models import ROLE_HELP
from ..permissions import private_page
from .members import members_url

INVITATION_PROBLEMS = {
    "not_found": "This invitation link is not valid. Check that you copied the whole link from the email.",
    "expired": f"This invitation has expired. Invitations work for {services.INVITATION_LIFETIME.days} "
    "days. Ask the diary's owner to send you a new one.",
    "used": "This invitation has already been used. Each link works only once. If you need access, "
    "ask the diary's owner to send you a new invitation.",
    "revoked": "This invitation was cancelled by the diary's owner. Ask them if you still need access.",
    "wrong_account": "This invitation was sent to a different email address than the confirmed ones "
    "of the account you are logged in with. Log out, then log in or sign up with the address the "
    "invitation was sent to. If that address is on your account but not confirmed yet, confirm it "
    "first: Your account, then Change your email address.",
    "already_member": "You are already a member of this diary.",
    "has_patient": "This diary already has its patient, so this invitation can no longer be used.",
}

PATIENT_HELP = (
    "As the patient, the diary is yours: nobody can remove you or change your role, only you can "
    "delete it, and you are told whenever someone joins, changes role or leaves."
)

PROBLEM_STATUS = {
    "not_found": 404,
    "expired": 410,
    "used": 410,
    "revoked": 410,
    "wrong_account": 403,
    "already_member": 200,
    "has_patient": 410,
}


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def invitation(request, token):
    """The page an invitation link opens: who invited you to what, and a button to accept."""
    try:
        if request.method == "POST":
            membership = services.accept_invitation(
                token, request.user, members_url_for=lambda diary: members_url(request, diary)
            )
            diary = membership.diary
            if membership.waiting_for_approval:
                messages.success(
                    request,
                    f"Thank you. The diary for {diary.patient_name} opens for you once its patient agrees.",
                )
                return redirect("diary:index")
            if diary.patient_id == request.user.pk:
                messages.success(
                    request, f"Welcome. You are now the patient of the diary for {diary.patient_name}."
                )
            else:
                messages.success(
                    request,
                    f"Welcome. You are now a {membership.role} of the diary for {diary.patient_name}.",
                )
            return redirect("diary:home", diary_id=membership.diary_id)
        invitation = services.check_invitation(token, request.user)
    except services.InvitationProblem as problem:
        diary_id = problem.invitation.diary_id if problem.reason == "already_member" else None
        return render(
            request,
            "diary/invitation_problem.html",
            {"message": INVITATION_PROBLEMS[problem.reason], "reason": problem.reason, "diary_id": diary_id},
            status=PROBLEM_STATUS[problem.reason],
        )
    return render(
        request,
        "diary/invitation.html",
        {
            "invitation": invitation,
            "role_help": PATIENT_HELP if invitation.as_patient else ROLE_HELP[invitation.role],
        },
    )
