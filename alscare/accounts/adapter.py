"""How allauth checks what people type into its account forms."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django import forms

EMAIL_MAX_LENGTH = EmailAddress._meta.get_field("email").max_length


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """Refuse an address longer than the database keeps. Django's form field allows 320
        characters, the stored column 254: the address page answered 500 in between."""
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(f"An email address can have at most {EMAIL_MAX_LENGTH} characters.")
        return super().clean_email(email)
