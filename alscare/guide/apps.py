from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "alscare.guide"
    verbose_name = "Care guide"
