"""Outgoing mail: the one way the portal sends an email.

`queue_mail` sends only once the surrounding transaction commits, so a rolled-back change
never mails anybody and a request never sends half its work. This minimal version sends on
commit from the request; the background worker version keeps the same signature.
"""

from django.core.mail import send_mail
from django.db import transaction


def queue_mail(recipients: list[str], subject: str, body: str) -> None:
    """Send `body` to `recipients` once the current transaction commits (at once outside one)."""
    recipients = list(recipients)
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
    )
