from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from alscare.guide.staff import make_content_editor


class Command(BaseCommand):
    help = "Let an existing account edit the care guide in the admin (and nothing else)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The email address the person signs in with.")

    def handle(self, *args, email, **options):
        try:
            user = get_user_model().objects.get(email__iexact=email)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account with the email {email}; ask them to sign up first.") from None
        make_content_editor(user)
        self.stdout.write(f"{user.email} can now edit the care guide at /admin/.")
