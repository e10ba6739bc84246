from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


class DiaryConfig(AppConfig):
    name = "alscare.diary"
    verbose_name = "Symptom diary"

    def ready(self):
        from . import services

        # However an account is deleted (its own page, the staff admin, a shell), the diaries
        # it alone owns go with it rather than being left without an owner.
        pre_delete.connect(
            services.forget_deleted_account,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="diary-forget-deleted-account",
        )
