"""Safety warnings, the get-help-now box and glossary terms: one format in files, admin and history."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from alscare.guide.exporting import export_content, item_file_text
from alscare.guide.loading import item_data, load_content, read_content, stored_items
from alscare.guide.models import GuideItem, Medicine, SymptomTreatment
from alscare.guide.staff import make_content_editor

from .admin_forms import admin_form_data
from .factories import write_item, write_tree
from .test_admin import approve_in_admin, change_url, edit_in_admin
from .test_load_content import load_failing

pytestmark = pytest.mark.django_db

NINDS = "https://www.ninds.nih.gov/als"
LABEL = "https://dailymed.nlm.nih.gov/dailymed/example-label"
SOURCES = [
    {"title": "NINDS ALS fact sheet", "url": NINDS},
    {"title": "Example label, DailyMed", "url": LABEL},
]
WARNING = {"text": "Do not stop it suddenly.", "source": LABEL}
URGENT = {
    "emergency": ["You cannot breathe or your lips turn blue."],
    "today": ["You have a fever and a cough."],
    "source": NINDS,
}
TERMS = [
    {"term": "PEG", "meaning": "A feeding tube placed through the belly with the help of a camera."},
    {"term": "NIV", "meaning": "Breathing support through a mask."},
]


@pytest.fixture
def editor_client(client):
    client.force_login(
        make_content_editor(get_user_model().objects.create_user("ed", "ed@example.com", "pw"))
    )
    return client


def test_it_loads_warnings_urgent_help_and_terms(tmp_path):
    write_tree(tmp_path)
    write_item(
        tmp_path, "symptom-medicines", "cramp-care", sources=SOURCES, warnings=[WARNING], get_help_now=URGENT
    )
    write_item(tmp_path, "living-with-als", "glossary", terms=TERMS)

    load_content(tmp_path)

    cramps = SymptomTreatment.objects.get(slug="cramp-care")
    assert cramps.warnings == [WARNING]
    assert cramps.get_help_now == URGENT
    assert GuideItem.objects.get(slug="glossary").terms == TERMS


def test_the_get_help_now_box_may_hold_only_one_of_its_lists(tmp_path):
    write_item(tmp_path, "therapies", "breathing", get_help_now={"today": ["A new cough."], "source": NINDS})

    (item,) = read_content(tmp_path)

    assert item.data["get_help_now"] == {"today": ["A new cough."], "source": NINDS}


SOURCE_PROBLEMS = {
    "warning without a source": (
        {"warnings": [{"text": "Do not stop it suddenly."}]},
        ":15: 'warnings' an entry is missing 'source'",
    ),
    "warning citing a source the page does not list": (
        {"warnings": [{"text": "Do not stop it suddenly.", "source": "https://example.org/elsewhere"}]},
        ":16: 'warnings' entry 1: its source https://example.org/elsewhere is not one of this page's",
    ),
    "warning with an unknown key": (
        {"warnings": [{"text": "Do not stop it suddenly.", "source": NINDS, "level": "high"}]},
        "unknown key 'level' in an entry",
    ),
    "empty warnings list": ({"warnings": "[]"}, "'warnings' must be a list with at least one entry"),
    "get help now without a source": (
        {"get_help_now": {"emergency": ["You cannot breathe."]}},
        ":15: 'get_help_now' needs a 'source'",
    ),
    "get help now citing a source the page does not list": (
        {"get_help_now": {"today": ["A fever."], "source": "https://example.org/elsewhere"}},
        ":17: 'get_help_now': its source https://example.org/elsewhere is not one of this page's",
    ),
    "get help now with nothing to call about": (
        {"get_help_now": {"source": NINDS}},
        "'get_help_now' needs at least one entry under 'emergency' or 'today'",
    ),
    "get help now with an unknown list": (
        {"get_help_now": {"soon": ["A fever."], "source": NINDS}},
        "'get_help_now' has unknown key 'soon'",
    ),
    "glossary terms on another page": ({"terms": TERMS}, "'terms' belong only on the glossary page"),
}


@pytest.mark.parametrize("case", SOURCE_PROBLEMS, ids=list(SOURCE_PROBLEMS))
def test_it_refuses_a_safety_part_that_breaks_the_format(tmp_path, case):
    fields, expected = SOURCE_PROBLEMS[case]
    write_tree(tmp_path)
    write_item(tmp_path, "therapies", "breathing", **fields)

    errors, message = load_failing(tmp_path)

    assert (f"therapies/breathing.md{expected}" if expected.startswith(":") else expected) in errors
    assert "therapies/breathing.md:" in errors and "nothing was loaded" in message
    assert GuideItem.objects.count() == 0


def test_it_refuses_a_term_explained_twice(tmp_path):
    write_item(tmp_path, "living-with-als", "glossary", terms=[TERMS[0], TERMS[0]])

    errors, _ = load_failing(tmp_path)

    assert "glossary.md:15: 'terms' entry 2: 'PEG' is explained twice" in errors


def test_export_writes_the_safety_parts_after_the_page_fields_and_reads_back_the_same(tmp_path):
    write_tree(tmp_path)
    write_item(
        tmp_path, "symptom-medicines", "cramp-care", sources=SOURCES, warnings=[WARNING], get_help_now=URGENT
    )
    write_item(tmp_path, "living-with-als", "glossary", terms=TERMS)
    load_content(tmp_path)
    before = {slug: item_data(item) for slug, item in stored_items().items()}
    out = tmp_path / "exported"

    export_content(out)

    text = (out / "symptom-medicines" / "cramp-care.md").read_text()
    front = text.split("---")[1]
    assert front.index("medicines:") < front.index("warnings:") < front.index("get_help_now:")
    assert "get_help_now:\n  emergency:\n    - You cannot breathe" in front
    assert front.index("emergency:") < front.index("today:") < front.index("source: https://www.ninds")
    GuideItem.objects.all().delete()
    load_content(out)
    assert {slug: item_data(item) for slug, item in stored_items().items()} == before


def test_a_page_without_safety_parts_exports_none(tmp_path):
    write_tree(tmp_path)
    load_content(tmp_path)

    text = item_file_text(item_data(stored_items()["emg-test"]))

    assert "warnings" not in text and "get_help_now" not in text and "terms" not in text


@pytest.fixture
def cramp_care(tmp_path):
    write_tree(tmp_path)
    write_item(
        tmp_path, "symptom-medicines", "cramp-care", sources=SOURCES, warnings=[WARNING], get_help_now=URGENT
    )
    load_content(tmp_path)
    return SymptomTreatment.objects.get(slug="cramp-care")


def test_the_admin_shows_safety_parts_one_per_line(editor_client, cramp_care):
    form = editor_client.get(change_url(cramp_care)).context["adminform"].form

    assert form["warnings"].value() == f"Do not stop it suddenly. | {LABEL}"
    assert form["get_help_now"].value() == (
        "Emergency: You cannot breathe or your lips turn blue.\nToday: You have a fever and a cough.\n"
        f"Source: {NINDS}"
    )


def test_an_editor_changes_warnings_and_the_history_records_it(editor_client, cramp_care):
    edit_in_admin(
        editor_client,
        cramp_care,
        warnings=f"Do not stop it suddenly. | {LABEL}\r\nIt can make you sleepy. | {NINDS}",
        get_help_now=f"Today: A new cough.\r\nSource: {LABEL}",
    )
    approve_in_admin(cramp_care)

    cramp_care.refresh_from_db()
    assert cramp_care.warnings == [WARNING, {"text": "It can make you sleepy.", "source": NINDS}]
    assert cramp_care.get_help_now == {"today": ["A new cough."], "source": LABEL}
    latest, loaded = cramp_care.history.all()[:2]
    assert latest.warnings[1]["text"] == "It can make you sleepy." and loaded.warnings == [WARNING]
    history = editor_client.get(reverse("admin:guide_symptomtreatment_history", args=[cramp_care.pk]))
    assert "It can make you sleepy." in history.content.decode()

    revert_url = reverse(
        "admin:guide_symptomtreatment_simple_history", args=[cramp_care.pk, loaded.history_id]
    )
    editor_client.post(revert_url, admin_form_data(editor_client.get(revert_url)))
    approve_in_admin(cramp_care)
    cramp_care.refresh_from_db()
    assert cramp_care.warnings == [WARNING] and cramp_care.get_help_now == URGENT


ADMIN_PROBLEMS = {
    "a warning line without a source": (
        {"warnings": "Do not stop it suddenly."},
        "Write each safety point as &#x27;What to know | https://address of its source&#x27;",
    ),
    "a warning whose source is not on the page": (
        {"warnings": "Do not stop it suddenly. | https://example.org/elsewhere"},
        "its source https://example.org/elsewhere is not one of this page&#x27;s &#x27;sources&#x27;",
    ),
    "a warning source that is not an address": (
        {"warnings": "Do not stop it suddenly. | the label"},
        "must be a full https:// address",
    ),
    "get help now without a source": (
        {"get_help_now": "Emergency: You cannot breathe."},
        "Add a &#x27;Source:&#x27; line",
    ),
    "get help now with an unknown line": (
        {"get_help_now": f"Soon: A fever.\nSource: {NINDS}"},
        "Start each line with &#x27;Emergency:&#x27;",
    ),
    "a medicine page left without warnings": ({"warnings": ""}, "This field is required."),
    "removing the source a warning cites": (
        {"sources-1-DELETE": "on"},
        f"its source {LABEL} is not one of this page&#x27;s &#x27;sources&#x27;",
    ),
}


@pytest.mark.parametrize("case", ADMIN_PROBLEMS, ids=list(ADMIN_PROBLEMS))
def test_the_admin_refuses_what_a_content_file_may_not_hold(editor_client, cramp_care, case):
    changes, expected = ADMIN_PROBLEMS[case]
    url = change_url(cramp_care)

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert response.status_code == 200
    assert expected in response.content.decode()
    cramp_care.refresh_from_db()
    assert cramp_care.warnings == [WARNING] and cramp_care.get_help_now == URGENT
    assert cramp_care.sources.count() == 2


def test_an_exported_admin_edit_loads_back_unchanged(editor_client, cramp_care, tmp_path):
    edit_in_admin(
        editor_client, cramp_care, get_help_now=f"Emergency: Choking that does not stop.\nSource: {LABEL}"
    )
    approve_in_admin(cramp_care)
    expected = item_data(SymptomTreatment.objects.get(slug="cramp-care"))
    assert expected["get_help_now"] == {"emergency": ["Choking that does not stop."], "source": LABEL}

    export_content(tmp_path / "exported")
    GuideItem.objects.all().delete()
    load_content(tmp_path / "exported")

    assert item_data(SymptomTreatment.objects.get(slug="cramp-care")) == expected


@pytest.mark.parametrize("section", ["als-medicines", "symptom-medicines"])
def test_it_refuses_a_medicine_page_without_warnings(tmp_path, section):
    write_tree(tmp_path)
    write_item(tmp_path, section, "no-warnings", warnings=None)

    errors, message = load_failing(tmp_path)

    assert f"{section}/no-warnings.md:1: missing required field 'warnings'" in errors
    assert GuideItem.objects.count() == 0


def test_every_medicine_page_in_the_guide_has_a_sourced_warning(guide):
    medicine_pages = [
        item
        for model in (Medicine, SymptomTreatment)
        for item in model.objects.prefetch_related("sources").order_by("slug")
    ]

    assert len(medicine_pages) == 12
    for page in medicine_pages:
        listed = {source.url for source in page.sources.all()}
        assert page.warnings, f"{page.slug} has no safety warning"
        for warning in page.warnings:
            assert warning["text"].strip(), page.slug
            assert warning["source"] in listed, f"{page.slug}: {warning['source']} is not among its sources"
