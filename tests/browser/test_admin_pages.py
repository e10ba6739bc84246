"""The staff admin's own pages meet the same bar: axe-clean, without script for the main tasks."""

import pytest
from django.contrib.auth import get_user_model

from alscare.guide.loading import item_data
from alscare.guide.models import GuideItem, Revision
from alscare.guide.revisions import edit_token, save_revision
from alscare.guide.staff import make_clinical_reviewer, make_content_editor

from .conftest import assert_targets_large_enough, axe_results, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(page, guide):
    user = get_user_model().objects.create_user("ed@example.com", "ed@example.com", "a-long-password-1")
    make_content_editor(user)
    log_in(page, "ed@example.com", "a-long-password-1", then="/admin/")
    return page


def test_the_editors_admin_pages_have_no_axe_violations(editor_page):
    riluzole = GuideItem.objects.get(slug="riluzole")
    for path in [
        "/admin/",
        "/admin/guide/guidepage/",
        "/admin/guide/pagedueforreview/",
        f"/admin/guide/medicine/{riluzole.pk}/change/",
        f"/admin/guide/medicine/{riluzole.pk}/history/",
    ]:
        visit(editor_page, path)
        results = axe_results(editor_page)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
        assert_targets_large_enough(editor_page)


def test_related_pages_are_chosen_with_plain_checkboxes(editor_page):
    riluzole = GuideItem.objects.get(slug="riluzole")
    visit(editor_page, f"/admin/guide/medicine/{riluzole.pk}/change/")

    editor_page.get_by_role("checkbox", name="MRI").check()
    editor_page.locator("input[name=_continue]").first.click()
    editor_page.wait_for_load_state()

    assert "mri" in Revision.objects.get(item=riluzole).content["related"]


def test_the_reviewers_admin_pages_have_no_axe_violations(page, guide):
    reviewer = make_clinical_reviewer(
        get_user_model().objects.create_user("rev@example.com", "rev@example.com", "a-long-password-1")
    )
    editor = make_content_editor(get_user_model().objects.create_user("e2", "e2@example.com", "pw"))
    riluzole = GuideItem.objects.get(slug="riluzole").kind_item
    data = dict(item_data(riluzole), summary="A new summary waiting for review.")
    save_revision(riluzole.pk, data, editor, edit_token(riluzole))
    log_in(page, "rev@example.com", "a-long-password-1", then="/admin/")
    assert reviewer.has_perm("guide.approve_revision")

    for path in [
        "/admin/guide/revision/",
        f"/admin/guide/medicine/{riluzole.pk}/change/",
        f"/admin/guide/medicine/{riluzole.pk}/history/",
        "/admin/guide/pagedueforreview/",
    ]:
        visit(page, path)
        results = axe_results(page)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
        assert_targets_large_enough(page)
    visit(page, f"/admin/guide/medicine/{riluzole.pk}/change/")
    page.get_by_label("Your note").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Approve and publish"
