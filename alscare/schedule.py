"""The portal's recurring work, done by the task worker: each job does its work and then,
however that ended, queues its own next run. Nothing outside the portal (no cron, no timer)
has to remember it.

`manage.py start_schedule` queues every job that has no run waiting or running. It is safe
to run again and again: at every deploy (the Procfile's `release`), every start of the
worker (the Procfile's `worker`, `make run`, `make serve`); and every job's run does the same
for the others, so a chain that broke is mended within the hour. Should two runs of one job
ever be waiting at once, the next to finish sees the other and queues nothing, so the job
carries on once, not twice. Every job is also safe to run twice: reminders are claimed per
period, and the rest only delete what is past its time.
"""

from datetime import timedelta
from functools import wraps

from django.db.models import Q
from django.utils import timezone

try:  # Django 6 has the tasks framework built in; on 5.2 the django-tasks backport provides it.
    from django.tasks import TaskResultStatus, task
except ImportError:
    from django_tasks import TaskResultStatus, task

# Every recurring task, with how long after one run the next one runs.
RECURRING = []
LONGEST_RUN = timedelta(hours=1)


def recurring(every):
    """Make `function` a task that runs, then queues its next run `every` later."""

    def decorate(function):
        @wraps(function)
        def run_and_queue_the_next():
            try:
                return function()
            finally:
                # A backend that runs tasks at once (the tests') would run the next at once
                # too, and forever.
                if job.get_backend().supports_defer:
                    if not _has_a_run(job, counting_running=False):
                        job.using(run_after=timezone.now() + every).enqueue()
                    # Every run also restarts any other job whose chain broke (a worker
                    # killed mid-run, a database error while queuing, an old worker that
                    # could not import a new job): within the hour, by the reminders.
                    start()

        job = task()(run_and_queue_the_next)
        RECURRING.append((job, every))
        return job

    return decorate


def _has_a_run(job, counting_running):
    """Whether `job` has a run waiting (or, if `counting_running`, one running now)."""
    from django_tasks_db.models import DBTaskResult

    pending = Q(status=TaskResultStatus.READY)
    if counting_running:
        # A run marked running for longer than any run takes was cut off with its worker.
        pending |= Q(status=TaskResultStatus.RUNNING, started_at__gte=timezone.now() - LONGEST_RUN)
    return DBTaskResult.objects.filter(pending, task_path=job.module_path).exists()


def start():
    """Queue, to run now, every recurring job with no run waiting or running. Returns the
    names of the jobs it queued."""
    # Each app's recurring jobs are defined where their work is.
    import alscare.diary.housekeeping  # noqa: F401
    import alscare.diary.reminders  # noqa: F401
    import alscare.mail  # noqa: F401

    started = []
    for job, _every in RECURRING:
        if not _has_a_run(job, counting_running=True):
            job.enqueue()
            started.append(job.name)
    return started
