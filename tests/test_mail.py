"""Mail leaves through the worker: never inside a request, retried when the mail server is
down, visible to superusers when it fails, and never half-saving what the request did."""

import signal
import socket

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from alscare import mail as alscare_mail
from alscare.diary import services
from alscare.diary.models import Invitation, Role

from .diary.conftest import make_user

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PASSWORD = "a-long-pass-phrase-for-mail-tests"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_queue(settings):
    """The production setup: mail is queued in the database for a worker."""
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def mail_server_down(settings):
    """SMTP to a local port that nothing listens on: every attempt is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2


def run_worker():
    """What `manage.py db_worker` does in production, once through the queue."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


@pytest.fixture
def owner():
    return make_user("patient@example.com")


@pytest.fixture
def diary(owner):
    return services.create_diary(owner, "Alex Test")


def mail_rows():
    return DBTaskResult.objects.filter(task_path="alscare.mail.send_queued_mail").order_by("enqueued_at")


def sign_up(client, email):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def invite(client, diary, email):
    return client.post(
        reverse("diary:invite", kwargs={"diary_id": diary.pk}), {"email": email, "role": "viewer"}
    )


def test_an_invitation_is_sent_by_the_worker_not_inside_the_request(client, owner, diary, worker_queue):
    client.force_login(owner)
    response = invite(client, diary, "friend@example.com")

    assert response.status_code == 302
    assert mail.outbox == [], "the request itself sends nothing"
    assert mail_rows().count() == 1

    run_worker()

    assert [message.to for message in mail.outbox] == [["friend@example.com"]]
    assert "/diary/invitations/" in mail.outbox[0].body


def test_the_sent_link_does_not_stay_in_the_task_table(client, owner, diary, worker_queue):
    client.force_login(owner)
    invite(client, diary, "friend@example.com")
    run_worker()

    link = mail.outbox[0].body.split("/diary/invitations/")[1].split("/")[0]
    row = mail_rows().get()
    assert row.status == "SUCCESSFUL"
    assert link not in str(row.args_kwargs)
    assert row.args_kwargs["args"][:2] == [
        ["friend@example.com"],
        "You are invited to a symptom diary on ALS Care",
    ]


def test_allauths_mail_goes_through_the_worker_too(client, worker_queue):
    make_user("patient@example.com")
    client.post(reverse("account_reset_password"), {"email": "patient@example.com"})
    assert mail.outbox == []

    run_worker()

    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_sign_up_with_the_mail_server_down_shows_the_same_page_and_keeps_the_mail_queued(
    client, worker_queue, mail_server_down
):
    down = sign_up(client, "down@example.com")
    client.logout()
    up = sign_up(client, "up@example.com")

    assert down.status_code == up.status_code == 302
    assert down["Location"] == up["Location"] == reverse("account_email_verification_sent")
    assert get_user_model().objects.filter(email="down@example.com").exists()
    pending = [row for row in mail_rows() if row.args_kwargs["args"][0] == ["down@example.com"]]
    assert len(pending) == 1 and pending[0].status == "READY", "the account and its mail are saved together"


def test_a_refused_mail_is_retried_a_bounded_number_of_times_and_shown_to_superusers(
    client, owner, diary, worker_queue, mail_server_down
):
    client.force_login(owner)
    assert invite(client, diary, "friend@example.com").status_code == 302

    for attempt in range(1, alscare_mail.MAIL_ATTEMPTS + 1):
        run_worker()
        rows = list(mail_rows())
        assert len(rows) == min(attempt + 1, alscare_mail.MAIL_ATTEMPTS)
        assert rows[attempt - 1].status == "FAILED"
        # The next attempt waits; make it due now rather than waiting in the test.
        mail_rows().filter(status="READY").update(run_after=rows[0].enqueued_at)

    rows = list(mail_rows())
    assert len(rows) == alscare_mail.MAIL_ATTEMPTS, "it gives up after the last attempt"
    assert all(row.status == "FAILED" for row in rows)
    assert all(row.args_kwargs["args"][2] == "" for row in rows), "no failed row keeps the link"

    superuser = get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    client.force_login(superuser)
    page = client.get(reverse("admin:accounts_queuedmail_changelist")).content.decode()
    assert "friend@example.com" in page
    assert "ConnectionRefusedError" in page
    assert f"{alscare_mail.MAIL_ATTEMPTS} of {alscare_mail.MAIL_ATTEMPTS}" in page
    assert "Alex Test" not in page, "no patient's name, no body"


def test_content_editors_do_not_see_queued_mail(client, worker_queue):
    from alscare.guide.staff import make_content_editor

    editor = make_content_editor(make_user("editor@example.com"))
    client.force_login(editor)

    assert client.get(reverse("admin:accounts_queuedmail_changelist")).status_code == 403
    assert "Queued mail" not in client.get(reverse("admin:index")).content.decode()


def test_an_invitation_with_the_mail_server_down_is_saved_and_answers_as_usual(
    client, owner, diary, settings, mail_server_down
):
    """With mail sent inside the request (the old way) the owner got an error page after the
    new invitation was saved and the old link revoked. Now the mail waits for its retries."""
    old, _ = services.invite_member(diary, "friend@example.com", Role.VIEWER, owner, lambda token: token)
    client.force_login(owner)

    response = invite(client, diary, "friend@example.com")

    assert response.status_code == 302
    assert (
        Invitation.objects.filter(email="friend@example.com", revoked_at__isnull=True)
        .exclude(pk=old.pk)
        .exists()
    )


def test_nothing_is_queued_when_the_transaction_fails(worker_queue):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        alscare_mail.queue_mail(["someone@example.com"], "Subject", "Body")
        raise RuntimeError("the request failed")

    assert not mail_rows().exists()


def test_the_old_link_keeps_working_and_nothing_is_queued_if_the_new_invitation_is_not_saved(
    owner, diary, worker_queue, monkeypatch
):
    from django.db import DatabaseError

    old, _ = services.invite_member(diary, "friend@example.com", Role.VIEWER, owner, lambda token: token)
    queued_before = mail_rows().count()

    def refuse(**fields):
        raise DatabaseError("the database refused the new invitation")

    monkeypatch.setattr(Invitation.objects, "create", refuse)
    with pytest.raises(DatabaseError):
        services.invite_member(diary, "friend@example.com", Role.VIEWER, owner, lambda token: token)

    old.refresh_from_db()
    assert old.revoked_at is None
    assert mail_rows().count() == queued_before
