from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alscare.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from alscare import checks  # noqa: F401 - registers the project's deploy checks
