from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alscare.guide.loading import read_content
from alscare.guide.models import DiagnosticTest, GuideItem, Medicine, Section, Source
from tests.conftest import CONTENT_DIR

from .factories import item_text, write_item, write_tree

pytestmark = pytest.mark.django_db


def load(root, *args):
    out, err = StringIO(), StringIO()
    call_command("load_content", "--path", str(root), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def load_failing(root, *args):
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_content", "--path", str(root), *args, stdout=StringIO(), stderr=err)
    return err.getvalue(), str(raised.value)


def snapshot():
    return sorted(
        GuideItem.objects.values_list("slug", "title", "summary", "body", "loaded_fingerprint", "updated_at")
    )


def writes_in(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_it_loads_a_valid_tree(tmp_path):
    write_tree(tmp_path)

    out, _ = load(tmp_path)

    assert "created 3, updated 0, unchanged 0, removed 0, conflicts 0" in out
    test = DiagnosticTest.objects.get(slug="emg-test")
    assert test.section == Section.DIAGNOSIS
    assert test.what_it_shows.startswith("Whether the nerves")
    assert [s.url for s in test.sources.all()] == ["https://www.ninds.nih.gov/als"]
    assert [r.slug for r in test.related.all()] == ["cramp-care"]
    medicine = Medicine.objects.get(slug="examplezole")
    assert medicine.forms == [{"name": "Tablet", "how_taken": "By mouth, twice a day."}]
    assert str(medicine.status_date) == "2020-01-02"


def test_a_second_run_reports_nothing_new_and_writes_nothing(tmp_path):
    write_tree(tmp_path)
    load(tmp_path)
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        out, _ = load(tmp_path)

    assert "created 0, updated 0, unchanged 3, removed 0, conflicts 0" in out
    assert writes_in(queries.captured_queries) == []
    assert snapshot() == before


def test_a_changed_file_updates_its_item(tmp_path):
    write_tree(tmp_path)
    load(tmp_path)
    write_item(tmp_path, "diagnosis", "emg-test", title="Electromyography", related=["cramp-care"])

    out, _ = load(tmp_path)

    assert "created 0, updated 1, unchanged 2" in out
    assert GuideItem.objects.get(slug="emg-test").title == "Electromyography"


def newest_version_links(slug):
    page = GuideItem.objects.get(slug=slug).kind_item
    newest = page.history.order_by("-history_date", "-history_id").first()
    return newest.sources_snapshot, newest.related_snapshot


def test_each_loaded_page_records_its_sources_and_related_pages_in_its_newest_version(tmp_path):
    two_sources = [
        {"title": "NINDS ALS fact sheet", "url": "https://www.ninds.nih.gov/als"},
        {"title": "NICE NG42", "url": "https://www.nice.org.uk/guidance/ng42"},
    ]
    write_tree(tmp_path)
    write_item(
        tmp_path, "therapies", "speech-therapy", sources=two_sources, related=["emg-test", "cramp-care"]
    )
    load(tmp_path)

    assert newest_version_links("speech-therapy") == (two_sources, ["cramp-care", "emg-test"])
    assert newest_version_links("emg-test") == ([two_sources[0]], ["cramp-care"])
    assert [s.title for s in Source.objects.get(item__slug="speech-therapy", position=1).history.all()] == [
        "NICE NG42"
    ]

    write_item(tmp_path, "therapies", "speech-therapy", sources=two_sources[1:], related=["examplezole"])
    load(tmp_path)

    assert newest_version_links("speech-therapy") == (two_sources[1:], ["examplezole"])
    page = GuideItem.objects.get(slug="speech-therapy")
    assert [r.slug for r in page.related.all()] == ["examplezole"]
    assert [s.title for s in page.sources.all()] == ["NICE NG42"]


def test_an_item_whose_file_is_removed_is_removed_from_the_site(tmp_path, client):
    write_tree(tmp_path)
    load(tmp_path)
    (tmp_path / "als-medicines" / "examplezole.md").unlink()

    out, _ = load(tmp_path)

    assert "removed 1" in out
    assert not GuideItem.objects.filter(slug="examplezole").exists()
    assert not Source.objects.filter(item__slug="examplezole").exists()
    assert client.get("/guide/als-medicines/examplezole/").status_code == 404


def test_moving_a_file_to_another_section_changes_its_kind(tmp_path):
    write_tree(tmp_path)
    load(tmp_path)
    (tmp_path / "symptom-medicines" / "cramp-care.md").unlink()
    write_item(tmp_path, "therapies", "cramp-care")

    load(tmp_path)

    assert GuideItem.objects.get(slug="cramp-care").section == Section.THERAPIES
    assert [r.slug for r in GuideItem.objects.get(slug="emg-test").related.all()] == ["cramp-care"]


def line_of(text, start):
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


WRONG_TYPE = item_text("diagnosis", "emg-test", order="first")

INVALID_FILES = {
    "yaml syntax error": (
        "diagnosis/emg-test.md",
        "---\ntitle: EMG\nslug: emg-test\nsummary: [not closed\n---\nBody.\n",
        ":4: YAML syntax error",
    ),
    "control character": (
        "diagnosis/emg-test.md",
        "---\ntitle: EMG\nslug: emg-test\nsummary: A bell\x07 rang\n---\nBody.\n",
        "emg-test.md:4: the front matter holds a character that is not allowed (U+0007)",
    ),
    "nul in the text": (
        "diagnosis/emg-test.md",
        "---\ntitle: EMG\nslug: emg-test\nsummary: A test.\n---\nFirst line.\nA\x00B\n",
        "emg-test.md:7: the text holds a NUL character (U+0000)",
    ),
    "missing field": (
        "diagnosis/emg-test.md",
        item_text("diagnosis", "emg-test", summary=None),
        ":1: missing required field 'summary'",
    ),
    "wrong type": (
        "diagnosis/emg-test.md",
        WRONG_TYPE,
        f"emg-test.md:{line_of(WRONG_TYPE, 'order:')}: 'order' must be a whole number",
    ),
    "bad date": (
        "diagnosis/emg-test.md",
        item_text("diagnosis", "emg-test", next_review="2027-02-30"),
        "'next_review'",
    ),
    "unknown section": (
        "medicines/emg-test.md",
        item_text("diagnosis", "emg-test"),
        "medicines/emg-test.md:1: unknown section 'medicines'",
    ),
    "duplicate slug": (
        "therapies/emg-test.md",
        item_text("therapies", "emg-test"),
        "therapies/emg-test.md:3: duplicate slug 'emg-test', already used by",
    ),
    "unknown field": (
        "diagnosis/emg-test.md",
        item_text("diagnosis", "emg-test", colour="blue"),
        "unknown field 'colour'",
    ),
    "insecure source": (
        "diagnosis/emg-test.md",
        item_text("diagnosis", "emg-test", sources=[{"title": "A page", "url": "http://example.com/x"}]),
        "must be a full https:// address",
    ),
}


@pytest.mark.parametrize("case", INVALID_FILES, ids=list(INVALID_FILES))
def test_an_invalid_file_is_reported_with_its_line_and_changes_nothing(tmp_path, case):
    write_tree(tmp_path)
    load(tmp_path)
    before = snapshot()
    relative, text, expected = INVALID_FILES[case]
    (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / relative).write_text(text)
    # A change elsewhere in the tree must not be applied either: loading is all or nothing.
    write_item(tmp_path, "als-medicines", "examplezole", title="Changed title")

    errors, message = load_failing(tmp_path)

    assert expected in errors
    assert all(line.count(":") >= 2 for line in errors.strip().splitlines())
    assert "nothing was loaded" in message
    assert snapshot() == before


def test_a_bad_date_names_its_line(tmp_path):
    write_item(tmp_path, "diagnosis", "emg-test", next_review="2027-13-01")

    errors, _ = load_failing(tmp_path)

    assert f"{tmp_path.name}/diagnosis/emg-test.md:6: 'next_review'" in errors


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    write_item(tmp_path, "diagnosis", "first", order="x")
    write_item(tmp_path, "therapies", "second", summary=None, next_review="2020-01-01")

    errors, message = load_failing(tmp_path)

    assert "first.md:" in errors and "'order' must be a whole number" in errors
    assert "second.md:1: missing required field 'summary'" in errors
    assert "second.md:5: 'next_review' must be after 'last_reviewed'" in errors
    assert message.startswith("3 problem(s)")


def test_check_validates_without_writing(tmp_path):
    write_tree(tmp_path)

    out, _ = load(tmp_path, "--check")

    assert "3 files checked, no problems" in out
    assert GuideItem.objects.count() == 0


def test_an_admin_edit_is_never_silently_overwritten(tmp_path):
    write_tree(tmp_path)
    load(tmp_path)
    item = DiagnosticTest.objects.get(slug="emg-test")
    item.summary = "Edited by clinic staff."
    item.save()
    write_item(tmp_path, "diagnosis", "emg-test", summary="Edited in the file.", related=["cramp-care"])

    errors, message = load_failing(tmp_path)

    assert "conflict: emg-test" in errors and "changed in the admin" in errors
    assert "--prefer" in message
    assert GuideItem.objects.get(slug="emg-test").summary == "Edited by clinic staff."


def test_an_admin_edit_conflicts_even_when_the_file_is_unchanged(tmp_path):
    write_tree(tmp_path)
    load(tmp_path)
    DiagnosticTest.objects.filter(slug="emg-test").update(title="Staff title")

    errors, _ = load_failing(tmp_path)

    assert "conflict: emg-test" in errors
    assert GuideItem.objects.get(slug="emg-test").title == "Staff title"


def test_prefer_files_overwrites_and_prefer_database_keeps(tmp_path):
    write_tree(tmp_path)
    load(tmp_path)
    DiagnosticTest.objects.filter(slug="emg-test").update(title="Staff title")

    out, _ = load(tmp_path, "--prefer", "database")
    assert "kept the database version of 1" in out
    assert GuideItem.objects.get(slug="emg-test").title == "Staff title"

    out, _ = load(tmp_path, "--prefer", "files")
    assert "updated 1" in out
    assert GuideItem.objects.get(slug="emg-test").title == "Page emg-test"

    out, _ = load(tmp_path)
    assert "unchanged 3" in out


def test_an_item_created_in_the_admin_is_not_removed_without_a_choice(tmp_path):
    write_tree(tmp_path)
    load(tmp_path)
    DiagnosticTest.objects.create(
        slug="new-test",
        title="New",
        summary="New.",
        body="New.",
        what_it_shows="x",
        how_it_is_done="y",
        last_reviewed="2026-01-01",
        next_review="2027-01-01",
    )

    errors, _ = load_failing(tmp_path)

    assert "conflict: new-test" in errors
    assert GuideItem.objects.filter(slug="new-test").exists()


def test_the_guide_in_content_is_valid_and_covers_every_section():
    items = read_content(CONTENT_DIR)

    sections = {item.section for item in items}
    assert sections == set(Section.values)
    assert len(items) >= 30
