import datetime
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alscare.guide.models import GuideItem, Medicine, Revision, Status, add_months
from alscare.guide.staff import CONTENT_EDITORS, make_clinical_reviewer, make_content_editor

from .admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

KIND_ADMINS = ["diagnostictest", "medicine", "symptomtreatment", "therapy", "copingtopic", "appointmentguide"]


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    return make_content_editor(user)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_url(item):
    item = item.kind_item
    return reverse(f"admin:guide_{item._meta.model_name}_change", args=[item.pk])


def edit_in_admin(client, item, **changes):
    """Change the page in the admin form and send it for review, as an editor does."""
    url = change_url(item)
    form = client.get(url)
    response = client.post(url, admin_form_data(form, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def reviewer_client(email="reviewer@example.com"):
    """A signed-in clinical reviewer (made on first use)."""
    User = get_user_model()
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email.split("@")[0], email, "pw"
    )
    make_clinical_reviewer(user)
    client = Client()
    client.force_login(user)
    return client


def approve_in_admin(item, note="Checked against the sources.", client=None):
    """A clinical reviewer approves the page's pending changes: they go live."""
    client = client or reviewer_client()
    revision = Revision.objects.get(item_id=item.pk, state=Revision.State.WAITING)
    response = client.post(
        reverse(f"admin:guide_{item.kind_item._meta.model_name}_review", args=[item.pk]),
        {"revision": revision.pk, "version": revision.version, "decision": "approve", "reviewer_note": note},
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == Revision.State.PUBLISHED, [str(m) for m in get_messages(response.wsgi_request)]
    return response


def test_the_content_editors_group_exists_after_migrating():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=CONTENT_EDITORS)
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"guide"}
    assert group.permissions.filter(codename="change_medicine").exists()


@pytest.mark.parametrize("model", KIND_ADMINS)
def test_an_editor_can_list_add_and_edit_every_kind(editor_client, guide, model):
    assert editor_client.get(reverse(f"admin:guide_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:guide_{model}_add")).status_code == 200
    kind_model = next(m for m in admin.site._registry if m._meta.model_name == model)
    first = kind_model.objects.first()
    assert editor_client.get(reverse(f"admin:guide_{model}_change", args=[first.pk])).status_code == 200


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_an_editor_cannot_open_accounts_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_no_diary_model_is_in_the_admin(editor_client):
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "diary" not in registered
    index = editor_client.get("/admin/").content.decode().lower()
    assert "diary" not in index and "diaries" not in index
    assert "users" not in index


def test_the_page_lists_have_the_columns_and_filters_staff_need(editor_client, guide):
    html = editor_client.get(reverse("admin:guide_guidepage_changelist")).content.decode()
    for heading in ["Page", "Section", "State", "Last reviewed", "Next review", "Review"]:
        assert heading in html
    assert "By section" in html and "By status" in html and "By review" in html
    html = editor_client.get(reverse("admin:guide_guidepage_changelist"), {"q": "riluzole"}).content.decode()
    assert "Riluzole" in html and "Occupational therapy" not in html


def test_an_edit_is_recorded_with_its_author_and_can_be_reverted(editor_client, editor, guide):
    riluzole = Medicine.objects.get(slug="riluzole")
    original = riluzole.summary

    edit_in_admin(editor_client, riluzole, summary="A clearer summary written by staff.")
    approve_in_admin(riluzole)

    riluzole.refresh_from_db()
    assert riluzole.summary == "A clearer summary written by staff."
    latest, before = riluzole.history.all()[:2]
    assert latest.revision.editors.get() == editor
    assert before.history_change_reason.startswith("Loaded from")
    history_page = editor_client.get(reverse("admin:guide_medicine_history", args=[riluzole.pk]))
    assert "A clearer summary written by staff." in history_page.content.decode()

    revert_url = reverse("admin:guide_medicine_simple_history", args=[riluzole.pk, before.history_id])
    form = editor_client.get(revert_url)
    response = editor_client.post(revert_url, admin_form_data(form))

    assert response.status_code == 302
    riluzole.refresh_from_db()
    assert riluzole.summary == "A clearer summary written by staff.", "a revert waits for review too"
    approve_in_admin(riluzole)
    riluzole.refresh_from_db()
    assert riluzole.summary == original


class _PreviewElements(HTMLParser):
    """The tags found inside the admin's Markdown preview container."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.tags = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag == "div"
            self.tags.append(tag)
        elif tag == "div" and ("class", "markdown-preview") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text += data


def test_the_change_form_preview_renders_the_markdown_as_html(editor_client, guide):
    riluzole = GuideItem.objects.get(slug="riluzole")
    Medicine.objects.filter(pk=riluzole.pk).update(body="## How it helps\n\nIt can **slow** ALS down.")

    html = editor_client.get(change_url(riluzole)).content.decode()
    preview = _PreviewElements()
    preview.feed(html)

    assert preview.tags == ["h2", "p", "strong"]
    assert "<h2>" not in preview.text and "&lt;" not in html.split('class="markdown-preview"')[1][:200]
    assert "Preview as the public will see it" in html


def test_drafts_are_previewed_by_editors_only(client, editor, guide):
    GuideItem.objects.filter(slug="tofersen").update(status=Status.DRAFT)
    preview = "/guide/als-medicines/tofersen/preview/"

    assert client.get(preview).status_code == 404
    client.force_login(get_user_model().objects.create_user("reader", "reader@example.com", "pw"))
    assert client.get(preview).status_code == 404
    client.force_login(editor)
    response = client.get(preview)
    assert response.status_code == 200
    assert "It is a draft and not yet public" in response.content.decode()
    assert client.get("/guide/als-medicines/tofersen/").status_code == 404


def test_publishing_a_draft_waits_for_a_reviewer_then_makes_it_public(editor_client, guide):
    GuideItem.objects.filter(slug="tofersen").update(status=Status.DRAFT)
    item = GuideItem.objects.get(slug="tofersen")

    edit_in_admin(editor_client, item, status="published")
    assert editor_client.get("/guide/als-medicines/tofersen/").status_code == 404

    approve_in_admin(item)

    assert editor_client.get("/guide/als-medicines/tofersen/").status_code == 200


def test_the_review_list_holds_overdue_and_soon_due_pages(editor_client, guide):
    today = timezone.localdate()
    GuideItem.objects.filter(slug="mri").update(next_review=today - datetime.timedelta(days=3))
    GuideItem.objects.filter(slug="pain").update(next_review=today + datetime.timedelta(days=20))
    GuideItem.objects.filter(slug="fatigue").update(next_review=today + datetime.timedelta(days=45))

    response = editor_client.get(reverse("admin:guide_pagedueforreview_changelist"))

    listed = {item.slug for item in response.context["cl"].result_list}
    assert {"mri", "pain"} <= listed
    assert "fatigue" not in listed
    overdue = editor_client.get(reverse("admin:guide_guidepage_changelist"), {"review": "overdue"})
    assert {item.slug for item in overdue.context["cl"].result_list} == {"mri"}


def test_mark_as_reviewed_dates_pages_and_records_history(guide, settings):
    settings.GUIDE_REVIEW_INTERVAL_MONTHS = 12
    today = timezone.localdate()
    mri = GuideItem.objects.get(slug="mri")
    GuideItem.objects.filter(pk=mri.pk).update(next_review=today - datetime.timedelta(days=3))

    response = reviewer_client().post(
        reverse("admin:guide_pagedueforreview_changelist"),
        {"action": "mark_reviewed", "_selected_action": [mri.pk]},
    )

    assert response.status_code == 302
    mri.refresh_from_db()
    assert mri.last_reviewed == today
    assert mri.next_review == add_months(today, 12)
    assert mri.kind_item.history.first().history_change_reason == "Marked as reviewed"


def test_marking_reviewed_is_a_reviewers_action_not_an_editors(editor_client, guide):
    mri = GuideItem.objects.get(slug="mri")
    before = (mri.last_reviewed, mri.next_review)

    listing = editor_client.get(reverse("admin:guide_pagedueforreview_changelist"))
    editor_client.post(
        reverse("admin:guide_pagedueforreview_changelist"),
        {"action": "mark_reviewed", "_selected_action": [mri.pk]},
    )

    assert "mark_reviewed" not in listing.content.decode()
    mri.refresh_from_db()
    assert (mri.last_reviewed, mri.next_review) == before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 11, 25), 12, datetime.date(2027, 11, 25)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
        (datetime.date(2026, 12, 15), 3, datetime.date(2027, 3, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_the_history_shows_only_the_changed_words_of_the_text(editor_client, guide):
    mri = GuideItem.objects.get(slug="mri").kind_item
    new_body = mri.body.replace("\n\n", "\n\nA brand new line about magnets.\n\n", 1)
    edit_in_admin(editor_client, mri, body=new_body)
    approve_in_admin(mri)

    html = editor_client.get(reverse("admin:guide_diagnostictest_history", args=[mri.pk])).content.decode()

    assert "<ins>A brand new line about magnets.</ins>" in html
    assert 'style="' not in html
    assert html.count(mri.body.splitlines()[-1][:40]) <= 1


def test_staff_sign_in_goes_through_the_rate_limited_login_page(client, editor):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_lists_are_edited_one_entry_per_line(editor_client, guide):
    riluzole = Medicine.objects.get(slug="riluzole")

    edit_in_admin(
        editor_client,
        riluzole,
        side_effects="Tiredness\n\n  Feeling sick  \n",
        forms="Tablet: by mouth, twice a day\nFilm: melts on the tongue",
    )
    approve_in_admin(riluzole)

    riluzole.refresh_from_db()
    assert riluzole.side_effects == ["Tiredness", "Feeling sick"]
    assert riluzole.forms == [
        {"name": "Tablet", "how_taken": "by mouth, twice a day"},
        {"name": "Film", "how_taken": "melts on the tongue"},
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"forms": "Just a tablet"}, "Write each form as"),
        ({"side_effects": "  \n "}, "This field is required"),
        ({"regulatory_status": "maybe"}, "Select a valid choice"),
        ({"next_review": "2020-01-01"}, "The next review must be after the last one"),
        ({"sources-0-url": "http://example.com/page"}, "starts with https://"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_change_nothing(editor_client, guide, changes, message):
    riluzole = Medicine.objects.get(slug="riluzole")
    before = (riluzole.forms, riluzole.side_effects, riluzole.next_review)
    url = change_url(riluzole)

    response = editor_client.post(url, admin_form_data(editor_client.get(url), **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    riluzole.refresh_from_db()
    assert (riluzole.forms, riluzole.side_effects, riluzole.next_review) == before
    assert not Revision.objects.exists()
    assert editor_client.get("/guide/als-medicines/riluzole/").status_code == 200


def test_a_page_made_in_the_admin_waits_hidden_for_its_first_approval(editor_client, guide):
    add = editor_client.get(reverse("admin:guide_copingtopic_add"))
    assert add.context["adminform"].form["status"].value() == "published"
    data = {
        "title": "Sleeping better",
        "slug": "sleeping-better",
        "summary": "Ways to rest well when ALS makes nights hard.",
        "status": "published",
        "order": "50",
        "body": "## Why sleep changes\n\nCramps and breathing can wake you.",
        "key_points": "Tell your team about poor sleep.",
        "last_reviewed": "2026-01-05",
        "next_review": "2027-01-05",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "1",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-title": "NINDS ALS fact sheet",
        "sources-0-url": "https://www.ninds.nih.gov/health-information/disorders/als",
        "sources-0-position": "0",
        "_save": "Send for review",
    }

    response = editor_client.post(reverse("admin:guide_copingtopic_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    page = GuideItem.objects.get(slug="sleeping-better")
    assert page.status == Status.DRAFT
    assert editor_client.get("/guide/living-with-als/sleeping-better/").status_code == 404
    assert Revision.objects.get(item=page).content["status"] == "published"
    approve_in_admin(page)
    assert editor_client.get("/guide/living-with-als/sleeping-better/").status_code == 200


@pytest.mark.parametrize("model", [m for m in admin.site._registry if m._meta.app_label != "guide"])
def test_an_editor_is_refused_every_model_outside_the_guide(editor_client, model):
    opts = model._meta
    assert (
        editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 403
    )


def test_a_revert_brings_back_the_sources_and_related_pages_of_that_version(editor_client, guide):
    riluzole = Medicine.objects.get(slug="riluzole")
    original_sources = [(s.title, s.url) for s in riluzole.sources.all()]
    original_related = sorted(riluzole.related.values_list("slug", flat=True))
    loaded_version = riluzole.history.first()

    edit_in_admin(
        editor_client,
        riluzole,
        **{
            "sources-0-title": "A different source",
            "sources-0-url": "https://example.org/different",
            "related": [str(GuideItem.objects.get(slug="mri").pk)],
        },
    )
    approve_in_admin(riluzole)
    riluzole.refresh_from_db()
    assert ("A different source", "https://example.org/different") in [
        (s.title, s.url) for s in riluzole.sources.all()
    ]
    history = editor_client.get(reverse("admin:guide_medicine_history", args=[riluzole.pk])).content.decode()
    assert "<ins>A different source (https://example.org/different)</ins>" in history
    assert "<strong>related pages:</strong>" in history

    revert_url = reverse("admin:guide_medicine_simple_history", args=[riluzole.pk, loaded_version.history_id])
    editor_client.post(revert_url, admin_form_data(editor_client.get(revert_url)))
    approve_in_admin(riluzole)

    riluzole.refresh_from_db()
    assert [(s.title, s.url) for s in riluzole.sources.all()] == original_sources
    assert sorted(riluzole.related.values_list("slug", flat=True)) == original_related
