"""Pending revisions and clinical sign-off: the public sees only what a reviewer approved."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alscare.guide import schema
from alscare.guide.exporting import export_content
from alscare.guide.loading import item_data, load_content
from alscare.guide.models import GuideItem, Medicine, Revision, add_months
from alscare.guide.revisions import (
    EditConflict,
    approve,
    edit_token,
    publish_data,
    revision_data,
    save_revision,
    word_diff,
)
from alscare.guide.staff import CLINICAL_REVIEWERS, CONTENT_EDITORS, make_content_editor
from tests.conftest import CONTENT_DIR

from .admin_forms import admin_form_data
from .test_admin import approve_in_admin, change_url, edit_in_admin, reviewer_client

pytestmark = pytest.mark.django_db

NEW_SUMMARY = "A plain new summary that only a reviewer can let patients read."


@pytest.fixture
def editor(db):
    return make_content_editor(get_user_model().objects.create_user("editor", "editor@example.com", "pw"))


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def riluzole(guide):
    return Medicine.objects.get(slug="riluzole")


def review_url(item):
    return reverse(f"admin:guide_{item.kind_item._meta.model_name}_review", args=[item.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def pending(item):
    return Revision.objects.get(item_id=item.pk, state__in=Revision.OPEN_STATES)


# Editing never changes what the public sees ------------------------------------------------


def test_an_edit_of_a_live_page_leaves_the_public_page_search_and_sitemap_unchanged(
    client, editor_client, riluzole
):
    live_summary = riluzole.summary

    response = edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY, title="Riluzole (Rilutek) changed")

    assert "Sent for review" in messages_of(response)[0]
    riluzole.refresh_from_db()
    assert riluzole.summary == live_summary and riluzole.is_published
    page = client.get("/guide/als-medicines/riluzole/").content.decode()
    assert live_summary in page and NEW_SUMMARY not in page
    assert "Riluzole (Rilutek) changed" not in client.get("/guide/als-medicines/").content.decode()
    assert "Riluzole (Rilutek) changed" not in client.get("/search/", {"q": "riluzole"}).content.decode()
    assert "/guide/als-medicines/riluzole/" in client.get("/sitemap.xml").content.decode()
    related_page = GuideItem.objects.filter(related=riluzole).first()
    if related_page is not None:
        assert (
            "Riluzole (Rilutek) changed" not in client.get(related_page.get_absolute_url()).content.decode()
        )


def test_a_page_has_one_pending_revision_and_editors_see_who_started_it(editor_client, editor, riluzole):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)
    other = make_content_editor(get_user_model().objects.create_user("other", "other@example.com", "pw"))
    other_client = Client()
    other_client.force_login(other)

    edit_in_admin(other_client, riluzole, summary=NEW_SUMMARY + " Again.")

    revision = pending(riluzole)
    assert Revision.objects.filter(item=riluzole).count() == 1
    assert revision.created_by == editor and revision.updated_by == other
    assert set(revision.editors.all()) == {editor, other}
    page = other_client.get(change_url(riluzole)).content.decode()
    assert "Started by editor@example.com on" in page
    assert timezone.localtime(revision.created_at).strftime("%-d %B %Y") in page


def test_the_change_form_holds_the_pending_revision_and_shows_its_changes_word_by_word(
    editor_client, riluzole
):
    edit_in_admin(editor_client, riluzole, summary=riluzole.summary.replace("first", "very first"))

    response = editor_client.get(change_url(riluzole))

    assert "very first" in response.context["adminform"].form["summary"].value()
    assert "<ins>very</ins>" in response.content.decode()


def test_the_preview_shows_the_pending_revision_to_staff_and_the_public_never_sees_it(
    client, editor_client, riluzole
):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)

    preview = editor_client.get("/guide/als-medicines/riluzole/preview/").content.decode()

    assert NEW_SUMMARY in preview and "once a clinical reviewer approves" in preview
    assert client.get("/guide/als-medicines/riluzole/preview/").status_code == 404
    assert NEW_SUMMARY not in client.get("/guide/als-medicines/riluzole/").content.decode()
    riluzole.refresh_from_db()
    assert riluzole.summary != NEW_SUMMARY


def test_every_field_of_the_schema_travels_through_a_revision(guide, editor):
    for model in schema.KIND_FIELDS:
        item = model.objects.first()
        original = item_data(item)
        data = dict(original)
        for name, spec in schema.fields_for(model).items():
            data[name] = _another_value(name, spec, original)
        # The safety parts cite a source the page lists, as content files must.
        data["warnings"] = [{"text": "A safety point.", "source": data["sources"][0]["url"]}]
        data["get_help_now"] = {"emergency": ["You cannot breathe."], "source": data["sources"][0]["url"]}
        data["body"] = original["body"] + "\n\nA revised paragraph."
        every_field = {*schema.fields_for(model), "body"}
        assert {name for name in every_field if data[name] != original[name]} == every_field

        revision = save_revision(item.pk, data, editor, edit_token(item))
        assert revision_data(revision) == data
        publish_data(item, revision_data(revision), "Round trip")

        assert item_data(model.objects.get(pk=item.pk)) == data, model.__name__


def _another_value(name, spec, data):
    value, kind = data[name], spec.type
    if name == "slug":
        return value + "-revised"
    if name == "related":
        another = GuideItem.objects.exclude(slug__in=[data["slug"], *value]).values_list("slug", flat=True)[0]
        return sorted([*value, another])
    if isinstance(kind, schema.Date):
        return value + datetime.timedelta(days=1)
    if isinstance(kind, schema.Choice):
        return next(choice for choice in kind.choices if choice != value)
    if isinstance(kind, schema.WholeNumber):
        return value + 1
    if isinstance(kind, schema.Records):
        entry = {
            key: "https://example.org/revised" if key in ("url", "source") else "Revised"
            for key in kind.fields
        }
        return [*value, entry]
    if isinstance(kind, schema.TextList) and isinstance(kind.item, schema.Choice):
        return [*value, next(choice for choice in kind.item.choices if choice not in value)]
    if isinstance(kind, schema.TextList):
        return [*value, "A revised entry"]
    if isinstance(kind, schema.UrgentHelp):
        return value
    return (value + " Revised.").strip()


# Clinical sign-off ------------------------------------------------------------------------


def test_approval_publishes_the_revision_and_moves_the_review_dates(
    client, editor_client, riluzole, settings
):
    settings.GUIDE_REVIEW_INTERVAL_MONTHS = 12
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY, note_for_reviewer="Shorter words.")

    response = approve_in_admin(riluzole, note="Matches the label.")

    assert messages_of(response) == ["Published: patients see it now."]
    riluzole.refresh_from_db()
    today = timezone.localdate()
    assert riluzole.summary == NEW_SUMMARY
    assert (riluzole.last_reviewed, riluzole.next_review) == (today, add_months(today, 12))
    assert NEW_SUMMARY in client.get("/guide/als-medicines/riluzole/").content.decode()
    revision = Revision.objects.get(item=riluzole)
    assert revision.state == Revision.State.PUBLISHED and revision.reviewer_note == "Matches the label."


def test_a_reviewer_may_not_approve_changes_they_edited(riluzole):
    reviewer = reviewer_client("checker@example.com")
    edit_in_admin(reviewer, riluzole, summary=NEW_SUMMARY)
    revision = pending(riluzole)

    page = reviewer.get(change_url(riluzole)).content.decode()
    response = reviewer.post(
        review_url(riluzole), {"revision": revision.pk, "version": revision.version, "decision": "approve"}
    )

    assert "another clinical reviewer must approve them" in page and "Approve and publish" not in page
    assert "another clinical reviewer must approve them" in messages_of(response)[0]
    riluzole.refresh_from_db()
    assert riluzole.summary != NEW_SUMMARY
    approve_in_admin(riluzole)


def test_an_editor_who_is_not_a_reviewer_cannot_approve(editor_client, riluzole):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)
    revision = pending(riluzole)

    page = editor_client.get(change_url(riluzole)).content.decode()
    response = editor_client.post(
        review_url(riluzole), {"revision": revision.pk, "version": revision.version, "decision": "approve"}
    )

    assert "Approve and publish" not in page
    assert response.status_code == 403
    assert pending(riluzole).state == Revision.State.WAITING


def test_a_reviewer_sends_changes_back_with_a_note_the_editor_sees(editor_client, riluzole):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)
    revision = pending(riluzole)
    reviewer = reviewer_client()

    without_note = reviewer.post(
        review_url(riluzole), {"revision": revision.pk, "version": revision.version, "decision": "send-back"}
    )
    assert "Write a note" in messages_of(without_note)[0]
    response = reviewer.post(
        review_url(riluzole),
        {
            "revision": revision.pk,
            "version": revision.version,
            "decision": "send-back",
            "reviewer_note": "Say which tablet strength.",
        },
    )

    assert messages_of(response)[-1] == "Sent back to the editor."
    assert pending(riluzole).state == Revision.State.SENT_BACK
    assert "Say which tablet strength." in editor_client.get(change_url(riluzole)).content.decode()
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY + " 50 mg tablets.")
    assert pending(riluzole).state == Revision.State.WAITING


def test_a_reviewer_cannot_approve_text_saved_again_after_they_opened_it(editor_client, riluzole):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)
    seen = pending(riluzole)
    edit_in_admin(editor_client, riluzole, summary="A change the reviewer has not read.")

    response = reviewer_client().post(
        review_url(riluzole), {"revision": seen.pk, "version": seen.version, "decision": "approve"}
    )

    assert "Read them again" in messages_of(response)[0]
    riluzole.refresh_from_db()
    assert riluzole.summary != "A change the reviewer has not read."


def test_bad_review_input_changes_nothing(editor_client, riluzole):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)
    reviewer = reviewer_client()

    for data in [
        {},
        {"revision": "x", "version": "1"},
        {"revision": "999999", "version": "1", "decision": "approve"},
    ]:
        response = reviewer.post(review_url(riluzole), {"decision": "approve", **data})
        assert response.status_code == 302
        assert "nothing changed" in messages_of(response)[0].lower()
    assert reviewer.get(review_url(riluzole)).status_code == 405
    revision = pending(riluzole)
    elsewhere = reverse("admin:guide_medicine_review", args=["not-a-page"])
    data = {"revision": revision.pk, "version": revision.version, "decision": "approve"}
    assert reviewer.post(elsewhere, data).status_code == 302
    edaravone = Medicine.objects.get(slug="edaravone")
    assert "not this page" in messages_of(reviewer.post(review_url(edaravone), data))[-1]
    assert pending(riluzole).state == Revision.State.WAITING


def test_history_shows_author_approver_both_notes_and_the_changed_words(editor_client, riluzole):
    body = riluzole.body + "\n\nALS is also called motor neurone disease."
    edit_in_admin(editor_client, riluzole, body=body, note_for_reviewer="Named the other term.")
    approve_in_admin(riluzole, note="Both names are used by the clinic.")

    html = editor_client.get(reverse("admin:guide_medicine_history", args=[riluzole.pk])).content.decode()

    assert "Written by editor@example.com; approved by reviewer@example.com" in html
    assert "Editor's note: Named the other term." in html
    assert "Reviewer's note: Both names are used by the clinic." in html
    assert "<ins>ALS is also called motor neurone disease.</ins>" in html


def test_a_revert_becomes_a_pending_revision(editor_client, riluzole):
    loaded = riluzole.history.first()
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)
    approve_in_admin(riluzole)

    revert_url = reverse("admin:guide_medicine_simple_history", args=[riluzole.pk, loaded.history_id])
    editor_client.post(revert_url, admin_form_data(editor_client.get(revert_url)))

    riluzole.refresh_from_db()
    assert riluzole.summary == NEW_SUMMARY
    assert revision_data(pending(riluzole))["summary"] == loaded.summary


def test_approving_happens_in_one_transaction(editor_client, riluzole, monkeypatch):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)
    revision = pending(riluzole)
    reviewer = get_user_model().objects.get(email="reviewer@example.com") if False else None
    reviewer = reviewer_client().session  # noqa: F841 (makes the reviewer account)
    checker = get_user_model().objects.get(email="reviewer@example.com")

    from alscare.guide import revisions

    def broken_record_links(item):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(revisions, "record_links", broken_record_links)
    with pytest.raises(RuntimeError):
        approve(revision.pk, checker, revision.version)

    riluzole.refresh_from_db()
    assert riluzole.summary != NEW_SUMMARY
    assert pending(riluzole).state == Revision.State.WAITING


# No lost edits ---------------------------------------------------------------------------


def test_a_second_editor_gets_a_conflict_page_and_nothing_is_overwritten(editor_client, riluzole):
    other = make_content_editor(get_user_model().objects.create_user("other", "other@example.com", "pw"))
    other_client = Client()
    other_client.force_login(other)
    url = change_url(riluzole)
    first_form, second_form = editor_client.get(url), other_client.get(url)

    editor_client.post(url, admin_form_data(first_form, summary="The first editor's summary."))
    response = other_client.post(url, admin_form_data(second_form, summary="The second editor's summary."))

    assert response.status_code == 409
    html = response.content.decode()
    assert "Your changes were not saved" in html and "nothing was overwritten" in html
    assert "The first editor&#x27;s summary." in html and "The second editor&#x27;s summary." in html
    assert revision_data(pending(riluzole))["summary"] == "The first editor's summary."


def test_an_edit_opened_before_a_publication_is_a_conflict(editor_client, riluzole):
    url = change_url(riluzole)
    stale_form = editor_client.get(url)
    other = reviewer_client("other-editor@example.com")
    edit_in_admin(other, riluzole, summary=NEW_SUMMARY)
    approve_in_admin(riluzole)

    response = editor_client.post(url, admin_form_data(stale_form, title="Riluzole, renamed"))

    assert response.status_code == 409
    assert not Revision.objects.filter(item=riluzole, state__in=Revision.OPEN_STATES).exists()


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_on_postgresql_one_is_told(on_postgresql, guide):
    riluzole = Medicine.objects.get(slug="riluzole")
    users = [
        make_content_editor(get_user_model().objects.create_user(name, f"{name}@example.com", "pw"))
        for name in ("ana", "ben")
    ]
    edit_in_admin_as = [Client(), Client()]
    for client, user in zip(edit_in_admin_as, users, strict=True):
        client.force_login(user)
    edit_in_admin(edit_in_admin_as[0], riluzole, summary="A starting point.")
    token = edit_token(riluzole, pending(riluzole))
    start = threading.Barrier(2)
    outcomes = []

    def save(user, summary):
        try:
            start.wait(timeout=10)
            data = dict(revision_data(pending(riluzole)), summary=summary)
            save_revision(riluzole.pk, data, user, token)
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user, f"Written by {user.username}.")) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["conflict", "saved"]
    assert pending(riluzole).version == 2


# The content files -------------------------------------------------------------------------


def test_load_content_refuses_to_overwrite_a_page_with_pending_changes_unless_told(
    editor_client, riluzole, tmp_path
):
    import shutil

    shutil.copytree(CONTENT_DIR, tmp_path / "content")
    path = tmp_path / "content" / "als-medicines" / "riluzole.md"
    path.write_text(path.read_text().replace("\n---\n", "\n---\nA line added in the file.\n\n", 1))
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)

    report = load_content(tmp_path / "content")

    assert [conflict.slug for conflict in report.conflicts] == ["riluzole"]
    assert "waiting for review" in report.conflicts[0].reason
    riluzole.refresh_from_db()
    assert "A line added in the file." not in riluzole.body

    load_content(tmp_path / "content", prefer="files")

    riluzole.refresh_from_db()
    assert "A line added in the file." in riluzole.body
    assert riluzole.history.first().history_change_reason == "Loaded from content/als-medicines/riluzole.md"
    assert pending(riluzole).state == Revision.State.SENT_BACK


def test_export_writes_the_live_version_only(editor_client, riluzole, tmp_path):
    edit_in_admin(editor_client, riluzole, summary=NEW_SUMMARY)

    export_content(tmp_path)

    text = (tmp_path / "als-medicines" / "riluzole.md").read_text()
    assert NEW_SUMMARY not in text and riluzole.summary in text


# Speaking the guide's language ---------------------------------------------------------


def test_the_page_list_shows_each_pages_state(editor_client, guide):
    pages = {slug: GuideItem.objects.get(slug=slug) for slug in ("riluzole", "mri", "fatigue", "pain")}
    GuideItem.objects.filter(slug__in=["fatigue", "pain"]).update(status="draft")
    edit_in_admin(editor_client, pages["mri"], summary=NEW_SUMMARY)
    edit_in_admin(editor_client, pages["fatigue"], status="published")
    edit_in_admin(editor_client, pages["pain"], status="published")
    revision = pending(pages["pain"])
    reviewer_client().post(
        review_url(pages["pain"]),
        {
            "revision": revision.pk,
            "version": revision.version,
            "decision": "send-back",
            "reviewer_note": "No.",
        },
    )

    response = editor_client.get(reverse("admin:guide_guidepage_changelist"), {"q": ""})

    states = {
        item.slug: response.context["cl"].model_admin.state(item)
        for item in response.context["cl"].result_list
    }
    assert states["riluzole"] == "Live"
    assert states["mri"] == "Live with pending changes"
    assert states["fatigue"] == "Waiting for review"
    assert states["pain"] == "Sent back"
    queue = editor_client.get(reverse("admin:guide_revision_changelist")).content.decode()
    assert "Changes waiting for review" in queue and pages["mri"].title in queue


def test_admin_dates_read_like_the_rest_of_the_site(editor_client, riluzole):
    html = editor_client.get(reverse("admin:guide_medicine_changelist")).content.decode()

    assert riluzole.last_reviewed.strftime("%-d %B %Y") in html


# Staff roles -----------------------------------------------------------------------------


def test_the_clinical_reviewers_group_exists_after_migrating_and_only_it_may_approve():
    reviewers = Group.objects.get(name=CLINICAL_REVIEWERS)
    editors = Group.objects.get(name=CONTENT_EDITORS)

    assert reviewers.permissions.filter(codename="approve_revision").exists()
    assert not editors.permissions.filter(codename="approve_revision").exists()
    assert not reviewers.permissions.filter(codename__startswith="change_").exists()


def test_make_content_editor_with_reviewer_grants_clinical_review(db):
    user = get_user_model().objects.create_user("nurse", "nurse@example.com", "pw")

    call_command("make_content_editor", "nurse@example.com", "--reviewer")

    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("guide.approve_revision") and user.has_perm("guide.change_medicine")


def test_seed_demo_adds_a_verified_clinical_reviewer(db):
    from allauth.account.models import EmailAddress

    call_command("seed_demo")

    reviewer = get_user_model().objects.get(email="reviewer@example.com")
    assert reviewer.has_perm("guide.approve_revision")
    assert EmailAddress.objects.get(user=reviewer, email="reviewer@example.com").verified
    editor = get_user_model().objects.get(email="editor@example.com")
    assert not editor.has_perm("guide.approve_revision")


def test_word_diff_escapes_text_and_marks_changes():
    html = word_diff("Take <b>one</b> tablet.", "Take <b>two</b> tablets.")

    assert "<del>&lt;b&gt;one&lt;/b&gt; tablet.</del>" in html
    assert "<ins>&lt;b&gt;two&lt;/b&gt; tablets.</ins>" in html


def test_saving_without_a_change_sends_nothing_for_review(editor_client, riluzole):
    response = edit_in_admin(editor_client, riluzole)

    assert messages_of(response) == ["Nothing was changed, so nothing was sent for review."]
    assert not Revision.objects.exists()


def test_only_a_clinical_reviewer_may_delete_a_live_page(editor_client, riluzole):
    delete_url = reverse("admin:guide_medicine_delete", args=[riluzole.pk])

    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Medicine.objects.filter(pk=riluzole.pk).exists()

    reviewer = reviewer_client()
    assert reviewer.get(delete_url).status_code == 200
