"""Clinic staff open the admin only with a second factor on their account."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

SECOND_FACTORS = (Authenticator.Type.WEBAUTHN, Authenticator.Type.TOTP)

ADD_ONE = (
    "The staff pages need a second step when you log in, so that a stolen password is not "
    "enough. Add a passkey (fingerprint, face or device PIN) or an authenticator app below, "
    "then open the staff pages again."
)


def has_second_factor(user):
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class StaffMFAMiddleware:
    """With STAFF_MFA_REQUIRED, a staff account without a passkey or an authenticator app is
    sent from the admin to the page where it adds one, with a message saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_MFA_REQUIRED and self._needs_second_factor(request):
            messages.warning(request, ADD_ONE)
            return redirect("mfa_index")
        return self.get_response(request)

    def _needs_second_factor(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return False
        if request.path.startswith(reverse("admin:logout")):
            return False
        user = request.user
        return user.is_authenticated and user.is_staff and not has_second_factor(user)
