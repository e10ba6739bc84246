"""The main tasks need no JavaScript: reading and searching the guide, keeping the diary,
inviting a caregiver, and a staff edit."""

import pytest
from django.core import mail

from alscare.diary.models import Entry, Invitation
from alscare.guide.models import GuideItem
from alscare.guide.staff import make_clinical_reviewer, make_content_editor

from .conftest import log_in, verified_account, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reading_and_searching_the_guide(page_without_script, guide):
    page = page_without_script
    visit(page, "/")
    page.get_by_label("Search the guide").fill("feeding tube")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=feeding+tube")
    page.locator(".item-list a").first.click()
    page.wait_for_url("**/guide/**")
    assert page.get_by_role("heading", name="Sources").is_visible()


def test_keeping_the_diary(page_without_script, demo):
    page = page_without_script
    log_in(page, "caregiver@example.com")
    visit(page, f"/diary/{demo.pk}/")
    before = Entry.objects.filter(diary=demo).count()

    page.get_by_role("link", name="Add today's entry").click()
    page.get_by_role("group", name="Walking").get_by_label("2 Moderate").check()
    page.get_by_label("Notes").fill("Tired after the clinic visit.")
    page.get_by_role("button", name="Save the entry").click()
    page.wait_for_url(f"**/diary/{demo.pk}/")

    assert Entry.objects.filter(diary=demo).count() == before + 1
    visit(page, f"/diary/{demo.pk}/trends/")
    assert page.locator("svg").count() > 0


def test_inviting_a_caregiver(page_without_script, demo):
    page = page_without_script
    log_in(page, "patient@example.com")
    visit(page, f"/diary/{demo.pk}/members/")

    page.get_by_label("Their email address").fill("sister@example.com")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_load_state()

    assert Invitation.objects.filter(diary=demo, email="sister@example.com").exists()
    assert any("sister@example.com" in message.to for message in mail.outbox)


def test_a_staff_edit_and_its_clinical_sign_off(page_without_script, browser, live_server, guide):
    page = page_without_script
    user = verified_account("ed@example.com", "a-long-password-1")
    make_content_editor(user)
    make_clinical_reviewer(verified_account("rev@example.com", "a-long-password-1"))
    log_in(page, "ed@example.com", "a-long-password-1", then="/admin/")
    mri = GuideItem.objects.get(slug="mri")
    live_summary = mri.summary

    visit(page, f"/admin/guide/diagnostictest/{mri.pk}/change/")
    page.get_by_label("Summary").fill("Pictures of the brain and spine made with magnets and radio waves.")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/guide/diagnostictest/")

    mri.refresh_from_db()
    assert mri.summary == live_summary
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    checker = context.new_page()
    log_in(checker, "rev@example.com", "a-long-password-1", then="/admin/")
    visit(checker, f"/admin/guide/diagnostictest/{mri.pk}/change/")
    checker.get_by_role("button", name="Approve and publish").click()
    checker.wait_for_url(f"**/admin/guide/diagnostictest/{mri.pk}/change/")
    context.close()

    mri.refresh_from_db()
    assert mri.summary.startswith("Pictures of the brain and spine")
