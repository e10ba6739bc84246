"""The portal's recurring work runs from the task worker with nothing outside to remember
it: start_schedule queues each job once, and every run queues the next."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alscare import schedule
from alscare.diary.housekeeping import diary_housekeeping
from alscare.diary.models import Diary
from alscare.diary.reminders import reminders_task

from .test_mail import DATABASE_BACKEND, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

JOBS = {
    "alscare.diary.reminders.reminders_task": timedelta(hours=1),
    "alscare.diary.housekeeping.diary_housekeeping": timedelta(days=1),
    "alscare.mail.prune_task_results": timedelta(days=1),
}


@pytest.fixture(autouse=True)
def worker_queue(settings):
    settings.TASKS = DATABASE_BACKEND


def waiting():
    return sorted(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))


def test_start_schedule_queues_each_job_once_however_often_it_runs():
    call_command("start_schedule", verbosity=0)
    call_command("start_schedule", verbosity=0)

    assert waiting() == sorted(JOBS)


def test_every_run_queues_the_next_one_its_interval_later():
    call_command("start_schedule", verbosity=0)
    before = timezone.now()

    run_worker()

    for path, every in JOBS.items():
        assert DBTaskResult.objects.get(task_path=path, status="SUCCESSFUL")
        following = DBTaskResult.objects.get(task_path=path, status="READY")
        assert before + every <= following.run_after <= timezone.now() + every


def test_a_run_that_fails_still_queues_the_next(monkeypatch):
    def broken(now=None):
        raise RuntimeError("the database refused")

    monkeypatch.setattr("alscare.diary.housekeeping.purge_deleted", broken)
    diary_housekeeping.enqueue()

    run_worker()

    assert DBTaskResult.objects.get(task_path=diary_housekeeping.module_path, status="FAILED")
    assert waiting().count(diary_housekeeping.module_path) == 1


def test_two_runs_waiting_at_once_carry_on_as_one():
    reminders_task.enqueue()
    reminders_task.enqueue()

    run_worker()

    assert waiting().count(reminders_task.module_path) == 1


def test_a_run_cut_off_with_its_worker_does_not_stop_the_job_from_starting_again():
    reminders_task.enqueue()
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - schedule.LONGEST_RUN * 2)

    call_command("start_schedule", verbosity=0)

    assert reminders_task.module_path in waiting()


def test_housekeeping_deletes_for_good_what_was_deleted_over_30_days_ago():
    old, recent = Diary.objects.create(patient_name="Old"), Diary.objects.create(patient_name="Recent")
    Diary.all_objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    Diary.all_objects.filter(pk=recent.pk).update(deleted_at=timezone.now() - timedelta(days=29))
    diary_housekeeping.enqueue()

    run_worker()

    assert list(Diary.all_objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_job_whose_chain_broke_is_started_again_by_the_next_run_of_another():
    diary_housekeeping.enqueue()
    # The reminders' run was cut off: marked running long ago, nothing waiting.
    reminders_task.enqueue()
    DBTaskResult.objects.filter(task_path=reminders_task.module_path).update(
        status="RUNNING", started_at=timezone.now() - schedule.LONGEST_RUN * 2
    )

    run_worker()

    assert sorted(set(waiting())) == sorted(JOBS)
