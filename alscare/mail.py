"""Mail leaves the portal through the task worker, never inside a request.

`queue_mail` only records the message when the current transaction commits: a request that
fails sends nothing, and a mail server that is down or slow never delays or breaks a page.
The worker (`manage.py db_worker`) sends it and tries again, a bounded number of times, if
the mail server refuses. Each attempt is a row in the task table, which superusers see in
the admin ("Queued mail"); once an attempt ends, its row keeps who the message was for and
its subject, never its body (the body may hold a single-use link).
"""

from datetime import timedelta

from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from alscare.schedule import recurring

try:  # Django 6 has the tasks framework built in; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task

# The waits before the second, third, ... attempt: five attempts over about two and a half
# hours, then the mail is given up (its failed row stays for staff to see).
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAIL_ATTEMPTS = len(RETRY_DELAYS) + 1


def queue_mail(recipients, subject, body, headers=None):
    """Send a plain-text mail to `recipients` (a list of addresses) once the current
    transaction commits (at once if there is none), from the worker, with retries.

    Renders nothing: callers pass the finished subject and body, and any extra `headers`
    (such as List-Unsubscribe).
    """
    recipients = list(recipients)
    extra = {"headers": dict(headers)} if headers else {}
    # robust: the data is already committed; a failure to queue is logged, not turned into
    # an error page for a change that was saved.
    transaction.on_commit(lambda: send_queued_mail.enqueue(recipients, subject, body, **extra), robust=True)


@task(takes_context=True)
def send_queued_mail(context, recipients, subject, body, attempt=1, headers=None):
    """One attempt at sending; on failure, queue the next attempt (if any is left) and fail
    this one, so that the row shows the error."""
    try:
        EmailMessage(subject, body, None, recipients, headers=headers).send()
    except Exception:
        if attempt < MAIL_ATTEMPTS:
            retry = send_queued_mail
            if retry.get_backend().supports_defer:
                retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
            extra = {"headers": headers} if headers else {}
            retry.enqueue(recipients, subject, body, attempt=attempt + 1, **extra)
        raise
    finally:
        _forget_body(context.task_result.id)


def _forget_body(task_result_id):
    """Drop the body from this attempt's row: the next attempt carries its own copy."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(send_queued_mail.get_backend(), DatabaseBackend):
        return  # another backend (the tests' immediate one) keeps no row
    row = DBTaskResult.objects.filter(pk=task_result_id).only("args_kwargs").first()
    if row is None:
        return
    kwargs = row.args_kwargs.get("kwargs", {})
    args = list(row.args_kwargs.get("args", []))
    if len(args) >= 3:
        args[2] = ""
    if "body" in kwargs:
        kwargs["body"] = ""
    DBTaskResult.objects.filter(pk=task_result_id).update(args_kwargs={"args": args, "kwargs": kwargs})


@recurring(every=timedelta(days=1))
def prune_task_results():
    """Drop task rows (sent mail, finished jobs) that ended over 14 days ago, daily."""
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)
