from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alscare.guide.loading import PREFER_DATABASE, PREFER_FILES, ContentInvalid, load_content, read_content


class Command(BaseCommand):
    help = (
        "Check the guide's content files and load them into the database in one transaction. "
        "Reports every problem as path:line: message."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=None, help="Content folder (default: the project's content/)."
        )
        parser.add_argument("--check", action="store_true", help="Only validate the files; write nothing.")
        parser.add_argument(
            "--prefer",
            choices=[PREFER_FILES, PREFER_DATABASE],
            help="When a page was changed in the admin since it was loaded: 'files' overwrites "
            "it with the file, 'database' keeps the admin's version.",
        )

    def handle(self, *args, path=None, check=False, prefer=None, **options):
        root = path or Path(settings.GUIDE_CONTENT_DIR)
        if not root.is_dir():
            raise CommandError(f"{root}: no such folder")
        try:
            if check:
                items = read_content(root)
                self.stdout.write(f"{len(items)} files checked, no problems.")
                return
            report = load_content(root, prefer=prefer)
        except ContentInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(invalid.problems)} problem(s) found; nothing was loaded.") from None

        for conflict in report.conflicts:
            self.stderr.write(str(conflict))
        if report.conflicts and prefer is None:
            self.stdout.write(report.summary())
            raise CommandError(
                "Nothing was loaded. Pages were changed in the admin since they were last loaded. "
                "Run with --prefer files to overwrite them from the files, or --prefer database to "
                "keep the admin's version (then export_content writes it back to the files)."
            )
        self.stdout.write(report.summary())
