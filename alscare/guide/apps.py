from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "alscare.guide"
    verbose_name = "Care guide"

    def ready(self):
        from . import history

        history.connect()
