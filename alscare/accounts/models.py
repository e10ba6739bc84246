from django_tasks_db.models import DBTaskResult


class QueuedMail(DBTaskResult):
    """A mail waiting for, sent by or failed in the worker: one row per attempt."""

    class Meta:
        proxy = True
        verbose_name = "queued mail"
        verbose_name_plural = "queued mail"
