from allauth.account import forms as allauth_forms
from allauth.core import ratelimit
from django import forms

from alscare.forms import name_missing_things


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="So that nobody else can delete your account from a computer you left logged in.",
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        name_missing_things(self, password="Enter your password")

    def clean_password(self):
        password = self.cleaned_data["password"]
        # allauth's limit for asking a signed-in person their password again: whoever finds
        # a computer left logged in cannot guess it here without end.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError("Too many tries. Please wait a minute, then try again.")
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class PortalWording:
    """allauth's forms in the portal's words: no placeholder repeats its label, and an empty
    field's message names what is missing."""

    missing = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        name_missing_things(self, **self.missing)


class LoginForm(PortalWording, allauth_forms.LoginForm):
    missing = {"login": "Enter your email address", "password": "Enter your password"}


class SignupForm(PortalWording, allauth_forms.SignupForm):
    missing = {
        "email": "Enter your email address",
        "password1": "Enter a password",
        "password2": "Enter the same password again",
    }


class ResetPasswordForm(PortalWording, allauth_forms.ResetPasswordForm):
    missing = {"email": "Enter your email address"}


class ResetPasswordKeyForm(PortalWording, allauth_forms.ResetPasswordKeyForm):
    missing = {"password1": "Enter a new password", "password2": "Enter the same password again"}


class ChangePasswordForm(PortalWording, allauth_forms.ChangePasswordForm):
    missing = {
        "oldpassword": "Enter your current password",
        "password1": "Enter a new password",
        "password2": "Enter the same password again",
    }


class SetPasswordForm(PortalWording, allauth_forms.SetPasswordForm):
    missing = {"password1": "Enter a password", "password2": "Enter the same password again"}


class AddEmailForm(PortalWording, allauth_forms.AddEmailForm):
    missing = {"email": "Enter the email address to add"}
