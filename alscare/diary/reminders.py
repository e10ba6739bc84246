"""Opt-in reminders by email: a member's own choice, to that member only, never health data.

`send_due_reminders` runs every hour as the recurring task `reminders_task` (alscare/schedule.py),
or by hand from the `send_reminders` command. Each reminder is claimed for its
period (today, this week from Monday, this month from the 1st) by inserting a ReminderSent
row: the unique constraint lets exactly one worker win, so two workers, or a command and a
task running together, send it once.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alscare.mail import queue_mail
from alscare.schedule import recurring

from .models import Reminder, ReminderSent

UNSUBSCRIBE_SALT = "alscare.diary.reminder-unsubscribe"


def period_start(kind, today):
    if kind == Reminder.Kind.DAILY_ENTRY:
        return today
    if kind == Reminder.Kind.WEEKLY_ENTRY:
        return today - timedelta(days=today.weekday())
    return today.replace(day=1)


def unsubscribe_token(reminder):
    return signing.dumps({"reminder": reminder.pk, "kind": reminder.kind}, salt=UNSUBSCRIBE_SALT)


def reminder_for_token(token):
    """The reminder a token names, or None if it is forged, or the reminder is gone."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return Reminder.objects.filter(pk=data.get("reminder"), kind=data.get("kind")).first()


def claim(reminder, today):
    """True if this call won the reminder's current period (and must send it)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(reminder=reminder, period_start=period_start(reminder.kind, today))
    except IntegrityError:
        return False
    return True


def send_due_reminders(today=None):
    """Queue every reminder not yet sent in its current period; returns how many."""
    today = today or timezone.localdate()
    due = (
        Reminder.objects.filter(
            membership__waiting_for_approval=False, membership__diary__deleted_at__isnull=True
        )
        .select_related("membership__user")
        .order_by("pk")
    )
    sent = 0
    for reminder in due:
        user = reminder.membership.user
        if not user.is_active or not user.email or not claim(reminder, today):
            continue
        link = f"{settings.SITE_URL}{reverse('diary:home', args=[reminder.membership.diary_id])}"
        unsubscribe = f"{settings.SITE_URL}{reverse('diary:unsubscribe', args=[unsubscribe_token(reminder)])}"
        context = {"reminder": reminder, "link": link, "unsubscribe": unsubscribe}
        body = render_to_string("diary/email/reminder.txt", context)
        subject = (
            "Reminder: your monthly ALSFRS-R self-assessment"
            if reminder.kind == Reminder.Kind.MONTHLY_ALSFRS
            else "Reminder: add a diary entry"
        )
        queue_mail(
            [user.email],
            subject,
            body,
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        sent += 1
    return sent


REMINDER_INTERVAL = timedelta(hours=1)


@recurring(every=REMINDER_INTERVAL)
def reminders_task():
    """Send what is due; the worker runs this every hour (alscare/schedule.py)."""
    return send_due_reminders()
