"""A GIN index over the weighted search document, on PostgreSQL only (SQLite has no GIN)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "guide_item_search"


def search_index():
    # The same expression as alscare.guide.search.search_document(), frozen here.
    document = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(document, name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("guide", "GuideItem"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("guide", "GuideItem"), search_index())


class Migration(migrations.Migration):
    dependencies = [("guide", "0002_content_editors_group")]

    operations = [migrations.RunPython(add_index, remove_index)]
