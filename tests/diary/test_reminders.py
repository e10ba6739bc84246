"""Opt-in reminders: to that member only, no health data, once per period even with two
workers, and a one-click unsubscribe that a GET never triggers."""

import threading
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from alscare.diary import reminders, services
from alscare.diary.models import Membership, Reminder, ReminderSent


@pytest.fixture
def daily(diary, caregiver):
    membership = Membership.objects.get(diary=diary, user=caregiver)
    return Reminder.objects.create(membership=membership, kind=Reminder.Kind.DAILY_ENTRY)


def test_a_member_chooses_their_own_reminders(client, diary, caregiver):
    client.force_login(caregiver)
    url = reverse("diary:my_settings", kwargs={"diary_id": diary.pk})
    response = client.post(url, {"reminders-kinds": ["weekly_entry", "monthly_alsfrs"]})
    assert response.status_code == 302
    kinds = set(Reminder.objects.filter(membership__user=caregiver).values_list("kind", flat=True))
    assert kinds == {"weekly_entry", "monthly_alsfrs"}
    client.post(url, {"reminders-kinds": []})
    assert not Reminder.objects.exists()


def test_the_mail_goes_to_that_member_only_without_health_data(
    diary, caregiver, daily, django_capture_on_commit_callbacks
):
    services.add_entry(diary, {"date": date.today(), "saliva": 4, "notes": "Drooling all day"}, by=caregiver)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders() == 1
    (message,) = mail.outbox
    assert message.to == [caregiver.email]
    text = message.subject + message.body
    for health_data in ("Drooling", "saliva", "Saliva", diary.patient_name):
        assert health_data not in text
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/diary/reminders/unsubscribe/" in message.body


def test_it_is_sent_once_per_period(daily, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders(date(2026, 3, 2)) == 1
        assert reminders.send_due_reminders(date(2026, 3, 2)) == 0
        assert reminders.send_due_reminders(date(2026, 3, 3)) == 1
        weekly = Reminder.objects.create(membership=daily.membership, kind=Reminder.Kind.WEEKLY_ENTRY)
        monthly = Reminder.objects.create(membership=daily.membership, kind=Reminder.Kind.MONTHLY_ALSFRS)
        for day in (4, 5, 8):  # Wednesday, Thursday, Sunday of the same week
            reminders.send_due_reminders(date(2026, 3, day))
    assert weekly.sent.count() == 1 and monthly.sent.count() == 1
    assert len(mail.outbox) == 2 + 3 + 1 + 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_it_once(on_postgresql, diary, caregiver):
    membership = Membership.objects.get(diary=diary, user=caregiver)
    Reminder.objects.create(membership=membership, kind=Reminder.Kind.DAILY_ENTRY)
    start = threading.Barrier(2)
    counts = []

    def worker():
        try:
            start.wait()
            counts.append(reminders.send_due_reminders(date(2026, 3, 2)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(counts) == [0, 1]
    assert ReminderSent.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_command_queues_what_is_due(daily, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert "queued 1 reminder(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_opening_the_unsubscribe_link_changes_nothing_until_confirmed(client, daily):
    url = reverse("diary:unsubscribe", args=[reminders.unsubscribe_token(daily)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, stop this reminder" in page.content.decode()
    assert Reminder.objects.filter(pk=daily.pk).exists()
    client.post(url)
    assert not Reminder.objects.filter(pk=daily.pk).exists()


def test_the_mail_programs_one_click_post_unsubscribes_without_a_login(client, daily):
    client.handler.enforce_csrf_checks = True
    url = reverse("diary:unsubscribe", args=[reminders.unsubscribe_token(daily)])
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Reminder.objects.exists()


def test_a_forged_unsubscribe_link_is_refused(client, daily):
    response = client.post(reverse("diary:unsubscribe", args=["forged-token"]))
    assert response.status_code == 404
    assert Reminder.objects.exists()


def test_the_worker_task_sends_what_is_due(daily, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_task.enqueue()
    assert len(mail.outbox) == 1
