"""The page an invitation link opens, for the person invited."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import services
from ..models import ROLE_HELP
from ..permissions import private_page

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
}

PROBLEM_STATUS = {
    "not_found": 404,
    "expired": 410,
    "used": 410,
    "revoked": 410,
    "wrong_account": 403,
    "already_member": 200,
}


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def invitation(request, token):
    """The page an invitation link opens: who invited you to what, and a button to accept."""
    try:
        if request.method == "POST":
            membership = services.accept_invitation(token, request.user)
            messages.success(
                request,
                f"Welcome. You are now a {membership.role} of the diary for {membership.diary.patient_name}.",
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
        {"invitation": invitation, "role_help": ROLE_HELP[invitation.role]},
    )
