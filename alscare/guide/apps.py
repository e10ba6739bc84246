from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "alscare.guide"
    verbose_name = "Care guide"

    def ready(self):
        from . import history, page_cache  # noqa: F401 (page_cache connects its signals)

        history.connect()
