from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("guide/<slug:section>/", views.section_index, name="section"),
    path("guide/<slug:section>/<slug:slug>/", views.item_detail, name="item"),
    path("guide/<slug:section>/<slug:slug>/preview/", views.item_preview, name="preview"),
]
