from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from alscare.guide.staff import make_clinical_reviewer, make_content_editor


class Command(BaseCommand):
    help = (
        "Let an existing account edit the care guide in the admin (and nothing else); with "
        "--reviewer, also approve other people's changes as a clinical reviewer."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The email address the person signs in with.")
        parser.add_argument(
            "--reviewer",
            action="store_true",
            help="Also make them a clinical reviewer: they approve changes before patients see them.",
        )

    def handle(self, *args, email, reviewer=False, **options):
        try:
            user = get_user_model().objects.get(email__iexact=email)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account with the email {email}; ask them to sign up first.") from None
        if reviewer:
            make_clinical_reviewer(user)
            self.stdout.write(
                f"{user.email} can now edit the care guide at /admin/ and approve other people's changes."
            )
        else:
            make_content_editor(user)
            self.stdout.write(f"{user.email} can now edit the care guide at /admin/.")
