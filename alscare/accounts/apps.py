from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alscare.accounts"
    verbose_name = "Accounts"
