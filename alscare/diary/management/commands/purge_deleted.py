"""Delete for good the diaries and entries deleted more than 30 days ago (run daily)."""

from django.core.management.base import BaseCommand

from alscare.diary.models import UNDO_PERIOD
from alscare.diary.services import purge_deleted


class Command(BaseCommand):
    help = f"Delete for good the diaries and entries deleted more than {UNDO_PERIOD.days} days ago."

    def handle(self, *args, **options):
        diaries, entries = purge_deleted()
        self.stdout.write(
            f"Purged {diaries} diaries and {entries} entries deleted over {UNDO_PERIOD.days} days ago."
        )
