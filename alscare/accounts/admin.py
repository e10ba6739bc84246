"""Queued mail in the admin, for superusers only: to whom, what about, whether it was sent,
and why not. Never a message's body (it may hold a single-use link) and no health data."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from alscare.mail import MAIL_ATTEMPTS

from .models import QueuedMail


def _arguments(row):
    args = list(row.args_kwargs.get("args", []))
    kwargs = row.args_kwargs.get("kwargs", {})
    names = ["recipients", "subject", "body"]
    return {**dict(zip(names, args, strict=False)), **kwargs}


@admin.register(QueuedMail)
class QueuedMailAdmin(admin.ModelAdmin):
    list_display = ["enqueued_at", "recipients", "subject", "attempt", "status", "error", "finished_at"]
    list_filter = ["status"]
    ordering = ["-enqueued_at"]
    fields = [
        "recipients",
        "subject",
        "attempt",
        "status",
        "enqueued_at",
        "run_after",
        "started_at",
        "finished_at",
        "error",
        "traceback",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(task_path="alscare.mail.send_queued_mail")

    @admin.display(description="to")
    def recipients(self, row):
        return ", ".join(_arguments(row).get("recipients", []))

    @admin.display(description="subject")
    def subject(self, row):
        return _arguments(row).get("subject", "")

    @admin.display(description="attempt")
    def attempt(self, row):
        return f"{_arguments(row).get('attempt', 1)} of {MAIL_ATTEMPTS}"

    @admin.display(description="error")
    def error(self, row):
        return row.exception_class_path or ""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-tasks-db's own admin shows every argument of every task, mail bodies included.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
