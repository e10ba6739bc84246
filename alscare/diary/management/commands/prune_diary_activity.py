"""Delete diary activity older than a year (run daily). The database refuses anything younger."""

from django.core.management.base import BaseCommand

from alscare.diary.models import ACTIVITY_RETENTION
from alscare.diary.services import prune_activity


class Command(BaseCommand):
    help = f"Delete diary activity older than {ACTIVITY_RETENTION.days} days."

    def handle(self, *args, **options):
        deleted = prune_activity()
        self.stdout.write(f"Deleted {deleted} activity rows older than {ACTIVITY_RETENTION.days} days.")
