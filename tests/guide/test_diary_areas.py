"""A guide page names the diary areas whose run of bad days links to it (`diary_areas`)."""

import pytest

from alscare.guide.exporting import export_content
from alscare.guide.loading import item_data, load_content, stored_items
from alscare.guide.models import GuideItem

from .factories import write_item, write_tree
from .test_load_content import load_failing

pytestmark = pytest.mark.django_db


def test_it_loads_and_exports_the_diary_areas_unchanged(tmp_path):
    write_tree(tmp_path)
    write_item(tmp_path, "therapies", "breathing", diary_areas=["breathing", "saliva"])
    load_content(tmp_path)
    assert GuideItem.objects.get(slug="breathing").diary_areas == ["breathing", "saliva"]
    before = {slug: item_data(item) for slug, item in stored_items().items()}

    export_content(tmp_path / "exported")

    text = (tmp_path / "exported" / "therapies" / "breathing.md").read_text()
    assert "diary_areas:\n  - breathing\n  - saliva\n---" in text
    GuideItem.objects.all().delete()
    load_content(tmp_path / "exported")
    assert {slug: item_data(item) for slug, item in stored_items().items()} == before


def test_it_refuses_an_area_the_diary_does_not_have(tmp_path):
    write_tree(tmp_path)
    write_item(tmp_path, "therapies", "breathing", diary_areas=["drooling"])

    errors, message = load_failing(tmp_path)

    assert "'diary_areas' must be one of: walking" in errors
    assert "nothing was loaded" in message


def test_every_symptom_area_with_a_guide_page_points_to_a_published_page(guide):
    mapped = {area for page in guide.filter(status="published") for area in page.diary_areas}
    assert {"saliva", "constipation", "fatigue", "cramps", "pain", "sleep", "mood", "breathing"} <= mapped
