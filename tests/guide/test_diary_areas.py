"""A guide page names the diary areas whose run of bad days links to it (`diary_areas`)."""

import pytest

from alscare.guide.exporting import export_content
from alscare.guide.loading import item_data, load_content, stored_items
from alscare.guide.models import GuideItem
from alscare.guide.revisions import open_revision, revision_data

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


@pytest.fixture
def editor_client(client):
    from django.contrib.auth import get_user_model

    from alscare.guide.staff import make_content_editor

    editor = get_user_model().objects.create_user("ed", "ed@example.com", "pw")
    client.force_login(make_content_editor(editor))
    return client


def test_staff_change_the_diary_areas_in_the_admin_and_bad_ones_are_refused(editor_client, tmp_path):
    from .test_admin import change_url, edit_in_admin

    write_tree(tmp_path)
    write_item(tmp_path, "therapies", "breathing", diary_areas=["breathing"])
    load_content(tmp_path)
    page = GuideItem.objects.get(slug="breathing")

    edit_in_admin(editor_client, page, diary_areas="breathing\nsaliva")
    # The change waits for clinical sign-off as a revision, holding the areas as the file would.
    assert revision_data(open_revision(page))["diary_areas"] == ["breathing", "saliva"]

    from .admin_forms import admin_form_data

    form = editor_client.get(change_url(page))
    refused = editor_client.post(change_url(page), admin_form_data(form, diary_areas="drooling"))
    assert refused.status_code == 200
    assert revision_data(open_revision(page))["diary_areas"] == ["breathing", "saliva"]
