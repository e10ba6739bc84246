"""PostgreSQL keeps each page's search words in a stored column, whichever code writes the row."""

import pytest

from alscare.guide.loading import load_content
from alscare.guide.models import GuideItem
from alscare.guide.search import search_items

from .factories import write_item, write_tree

pytestmark = pytest.mark.postgres


def found(query):
    return [item.slug for item in search_items(query)]


def test_loaded_pages_are_found_by_their_stored_words(on_postgresql, db, tmp_path):
    load_content(write_tree(tmp_path))

    assert found("stretching") == ["cramp-care"]
    assert GuideItem.objects.filter(search_document__isnull=True).count() == 0


def test_every_write_path_keeps_the_stored_words_current(on_postgresql, db, tmp_path):
    load_content(write_tree(tmp_path))
    write_item(tmp_path, "symptom-medicines", "cramp-care", body="Warm baths soothe the legs.")
    load_content(tmp_path)
    assert found("baths") == ["cramp-care"]
    assert found("stretching") == []

    item = GuideItem.objects.get(slug="cramp-care").kind_item
    item.summary = "Magnesium is sometimes tried."
    item.save()
    assert found("magnesium") == ["cramp-care"]

    GuideItem.objects.filter(slug="emg-test").update(title="Nerve conduction study")
    assert found("conduction") == ["emg-test"]


def test_the_title_outranks_the_text(on_postgresql, db, tmp_path):
    write_item(tmp_path, "therapies", "walking-aids", body="A cane helps.", title="Walking aids")
    write_item(tmp_path, "therapies", "other-help", body="Walking further with a frame and walking aids.")
    load_content(tmp_path)

    assert found("walking aids") == ["walking-aids", "other-help"]
