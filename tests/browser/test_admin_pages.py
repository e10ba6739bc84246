"""The staff admin's own pages meet the same bar: axe-clean, without script for the main tasks."""

import pytest
from django.contrib.auth import get_user_model

from alscare.guide.models import GuideItem
from alscare.guide.staff import make_content_editor

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

    assert riluzole.related.filter(slug="mri").exists()
