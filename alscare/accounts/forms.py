from allauth.core import ratelimit
from django import forms


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
        help_text="So that nobody else can delete your account from a computer you left logged in.",
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user

    def clean_password(self):
        password = self.cleaned_data["password"]
        # allauth's limit for asking a signed-in person their password again: whoever finds
        # a computer left logged in cannot guess it here without end.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError("Too many tries. Please wait a minute, then try again.")
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
