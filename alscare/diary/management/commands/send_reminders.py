"""Queue the diary reminders due now. Run it every hour or so (cron or a systemd timer; see
the README); running it more often, or on two machines, sends nothing twice."""

from django.core.management.base import BaseCommand

from alscare.diary.reminders import reminders_task, send_due_reminders


class Command(BaseCommand):
    help = "Queue the diary reminders members asked for that are due (each once per day, week or month)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="Also queue a task that sends due reminders every hour from the worker, "
            "queueing itself again each time.",
        )

    def handle(self, *args, keep_going=False, **options):
        sent = send_due_reminders()
        self.stdout.write(f"queued {sent} reminder(s)")
        if keep_going:
            reminders_task.enqueue()
            self.stdout.write("queued the hourly reminder task")
