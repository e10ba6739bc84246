from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.json", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
