from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alscare.guide.exporting import export_content
from alscare.guide.loading import item_data, load_content, stored_items
from alscare.guide.models import GuideItem, Medicine, Source
from alscare.guide.sections import SECTIONS
from alscare.guide.staff import make_content_editor
from tests.conftest import CONTENT_DIR

from .test_admin import edit_in_admin
from .test_load_content import writes_in

pytestmark = pytest.mark.django_db


def tree_files(root):
    return {path.relative_to(root): path.read_text() for path in sorted(root.glob("*/*.md"))}


def empty_the_guide():
    """As good as a fresh database: no page, no source, no history."""
    GuideItem.objects.all().delete()
    for section in SECTIONS.values():
        section.model.history.all().delete()
    Source.history.all().delete()


def all_item_data():
    return {slug: item_data(item) for slug, item in stored_items().items()}


def test_the_committed_content_is_already_in_exported_form(tmp_path, guide):
    export_content(tmp_path)

    assert tree_files(tmp_path) == tree_files(CONTENT_DIR)


def test_load_edit_in_admin_export_and_load_again_loses_nothing(tmp_path, client, guide):
    editor = make_content_editor(get_user_model().objects.create_user("ed", "ed@example.com", "pw"))
    client.force_login(editor)
    edit_in_admin(
        client,
        Medicine.objects.get(slug="riluzole"),
        summary="Staff wrote: a medicine that slows ALS a little.",
        body='## New heading\n\nLine one.\r\nLine two: with a colon, and "quotes".',
        status="draft",
    )
    expected = all_item_data()

    out = StringIO()
    call_command("export_content", "--path", str(tmp_path), stdout=out)
    first_export = tree_files(tmp_path)
    empty_the_guide()
    load_content(tmp_path)

    assert f"written {len(tree_files(CONTENT_DIR))}" in out.getvalue()
    assert all_item_data() == expected
    export_content(tmp_path)
    assert tree_files(tmp_path) == first_export


def test_loading_a_freshly_exported_tree_writes_nothing(tmp_path, guide):
    Medicine.objects.filter(slug="edaravone").update(title="Edaravone (Radicava)")
    export_content(tmp_path)

    with CaptureQueriesContext(connection) as queries:
        report = load_content(tmp_path)

    assert report.conflicts == [] and report.updated == []
    assert len(report.unchanged) == len(tree_files(CONTENT_DIR))
    assert writes_in(queries.captured_queries) == []


def test_export_removes_files_of_deleted_pages(tmp_path, guide):
    export_content(tmp_path)
    GuideItem.objects.filter(slug="mri").delete()

    report = export_content(tmp_path)

    assert not (tmp_path / "diagnosis" / "mri.md").exists()
    assert len(report.deleted) == 1


def export(root, *args):
    out, err = StringIO(), StringIO()
    call_command("export_content", "--path", str(root), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_file_edited_since_it_was_loaded_is_never_overwritten_silently(tmp_path, guide):
    export_content(tmp_path)
    mri_file = tmp_path / "diagnosis" / "mri.md"
    mri_file.write_text(mri_file.read_text().replace("title: ", "title: Edited in the file: ", 1))
    Medicine.objects.filter(slug="riluzole").update(summary="Changed in the admin.")
    before = tree_files(tmp_path)

    with pytest.raises(CommandError, match="Nothing was written"):
        export(tmp_path)

    assert tree_files(tmp_path) == before

    export(tmp_path, "--prefer", "files")
    assert "Edited in the file" in mri_file.read_text()
    assert "Changed in the admin." in (tmp_path / "als-medicines" / "riluzole.md").read_text()

    export(tmp_path, "--prefer", "database")
    assert "Edited in the file" not in mri_file.read_text()


def test_a_new_file_not_yet_loaded_is_left_alone(tmp_path, guide):
    export_content(tmp_path)
    new_page = tmp_path / "diagnosis" / "new-page.md"
    new_page.write_text("---\ntitle: New\n---\nNot loaded yet.\n")

    out, err = export(tmp_path)

    assert new_page.exists()
    assert "new-page.md: not in the database" in err
    assert "deleted 0" in out
