"""How allauth sends mail, checks addresses and decides that one is proven, in this portal's terms."""

from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context
from django import forms
from django.contrib.sites.shortcuts import get_current_site
from django.urls import Resolver404, resolve

from alscare.diary.services import invitation_is_for
from alscare.mail import queue_mail

EMAIL_MAX_LENGTH = EmailAddress._meta.get_field("email").max_length


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """Refuse an address longer than the database keeps. Django's form field allows 320
        characters, the stored column 254: the address page answered 500 in between."""
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(f"An email address can have at most {EMAIL_MAX_LENGTH} characters.")
        return super().clean_email(email)

    def send_mail(self, template_prefix, email, context_data):
        """Verification, password reset and "you already have an account" mails go through the
        worker like every other mail: a request never waits on, or fails with, the mail server."""
        request = context.request
        data = {"request": request, "email": email, "current_site": get_current_site(request)}
        data.update(context_data)
        message = self.render_mail(template_prefix, email, data)
        queue_mail(message.to, message.subject, message.body)

    def is_email_verified(self, request, email):
        """An address is proven when the person signs up from an invitation link sent to it:
        only someone who reads that mailbox has the link."""
        return super().is_email_verified(request, email) or invitation_is_for(
            _invitation_token(request), email
        )


def _invitation_token(request):
    """The invitation token in the page the person goes on to after signing up, if any."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    try:
        match = resolve(urlparse(next_url).path)
    except Resolver404:
        return None
    return match.kwargs.get("token") if match.view_name == "diary:invitation" else None
