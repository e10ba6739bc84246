from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "alscare.diary"
    verbose_name = "Symptom diary"
