"""The staff admin's own pages meet the same bar: axe-clean, without script for the main tasks."""

import pytest

from alscare.guide.loading import item_data
from alscare.guide.models import GuideItem, Revision
from alscare.guide.revisions import edit_token, save_revision
from alscare.guide.staff import make_clinical_reviewer, make_content_editor

from .conftest import assert_targets_large_enough, axe_results, log_in, verified_account, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(page, guide):
    user = verified_account("ed@example.com", "a-long-password-1")
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


def test_staff_without_a_second_factor_are_told_accessibly_how_to_add_one(page, db, settings):
    from .conftest import check_page

    settings.STAFF_MFA_REQUIRED = True
    make_content_editor(verified_account("ed@example.com", "a-long-password-1"))
    log_in(page, "ed@example.com", "a-long-password-1", then="/accounts/")

    page.goto("/admin/")
    page.wait_for_url("**/accounts/2fa/")
    assert page.get_by_role("status").filter(has_text="Add a passkey").is_visible()
    check_page(page)
    page.get_by_role("link", name="Activate").click()
    page.wait_for_url("**/accounts/reauthenticate/**")  # allauth asks for the password again
    check_page(page)
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button").filter(has_text="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    check_page(page)  # the authenticator app's QR code and its key typed out


def test_the_queued_mail_page_for_superusers_has_no_axe_violations(page, db, settings):
    from alscare.mail import send_queued_mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    superuser = verified_account("admin@example.com", "a-long-password-1")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    queued = send_queued_mail.enqueue(["friend@example.com"], "Subject", "Body")
    log_in(page, "admin@example.com", "a-long-password-1", then="/admin/")

    for path in ["/admin/accounts/queuedmail/", f"/admin/accounts/queuedmail/{queued.id}/change/"]:
        visit(page, path)
        assert page.get_by_text("friend@example.com").first.is_visible()
        results = axe_results(page)
        assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
        assert_targets_large_enough(page)


def test_the_reviewers_admin_pages_have_no_axe_violations(page, guide):
    reviewer = make_clinical_reviewer(verified_account("rev@example.com", "a-long-password-1"))
    editor = make_content_editor(verified_account("e2@example.com", "a-long-password-2"))
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
