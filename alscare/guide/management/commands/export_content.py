from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alscare.guide.exporting import export_content
from alscare.guide.loading import PREFER_DATABASE, PREFER_FILES


class Command(BaseCommand):
    help = "Write the guide from the database back to content files, in the format load_content reads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=None, help="Content folder (default: the project's content/)."
        )
        parser.add_argument(
            "--prefer",
            choices=[PREFER_FILES, PREFER_DATABASE],
            help="When a file was changed since it was last loaded: 'database' overwrites it, "
            "'files' keeps it (load it afterwards to bring the database in line).",
        )

    def handle(self, *args, path=None, prefer=None, **options):
        report = export_content(path or Path(settings.GUIDE_CONTENT_DIR), prefer=prefer)
        for conflict in report.conflicts:
            self.stderr.write(str(conflict))
        for unloaded in report.kept_unloaded:
            self.stderr.write(f"{unloaded}: not in the database (never loaded?), left as it is")
        self.stdout.write(report.summary())
        if report.conflicts:
            raise CommandError(
                "Nothing was written. Files were changed since they were last loaded. Run with "
                "--prefer database to overwrite them, or --prefer files to keep them."
            )
