"""Queue the diary reminders due now, by hand. The task worker already does this every hour
(`start_schedule`, alscare/schedule.py); running it as well, or on two machines, sends
nothing twice."""

from django.core.management.base import BaseCommand

from alscare.diary.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Queue the diary reminders members asked for that are due (each once per day, week or month)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"queued {sent} reminder(s)")
