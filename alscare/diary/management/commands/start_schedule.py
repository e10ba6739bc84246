"""Queue the portal's recurring work (reminders hourly; diary housekeeping and task-row
pruning daily) for the task worker, each job that has no run waiting. Safe to run at every
deploy and every start: see alscare/schedule.py."""

from django.core.management.base import BaseCommand

from alscare import schedule


class Command(BaseCommand):
    help = "Queue every recurring job that has no run waiting, for the task worker (db_worker)."

    def handle(self, *args, **options):
        started = schedule.start()
        if started:
            self.stdout.write(f"Queued: {', '.join(started)}.")
        else:
            self.stdout.write("Every recurring job already has a run waiting.")
