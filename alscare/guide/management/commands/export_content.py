from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from alscare.guide.exporting import export_content


class Command(BaseCommand):
    help = "Write the guide from the database back to content files, in the format load_content reads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=None, help="Content folder (default: the project's content/)."
        )

    def handle(self, *args, path=None, **options):
        report = export_content(path or Path(settings.GUIDE_CONTENT_DIR))
        self.stdout.write(report.summary())
