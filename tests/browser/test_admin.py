"""The sign-off path in a real browser: an editor changes a live page, a clinical reviewer
approves it, and only then do patients see it. Two editors racing: one is told."""

import pytest

from alscare.guide.models import GuideItem, Revision
from alscare.guide.staff import make_clinical_reviewer, make_content_editor

from .conftest import assert_accessible, check_page, log_in, verified_account, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-password-1"
NEW_SUMMARY = "Tiredness is common in ALS, and there are ways to ease it."


def staff(email, make=make_content_editor):
    return make(verified_account(email, PASSWORD))


def signed_in(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, email, PASSWORD, then="/admin/")
    return page


def public_summary(browser, live_server, path):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    response = page.goto(path)
    text = page.locator("p.lead").inner_text() if response.status == 200 else None
    context.close()
    return response.status, text


def test_an_edit_waits_for_a_clinical_reviewer_then_patients_see_it(page, browser, live_server, guide):
    staff("editor@example.com")
    staff("reviewer@example.com", make_clinical_reviewer)
    fatigue = GuideItem.objects.get(slug="fatigue")
    live_summary = fatigue.summary
    change = f"/admin/guide/symptomtreatment/{fatigue.pk}/change/"

    log_in(page, "editor@example.com", PASSWORD, then="/admin/")
    visit(page, change)
    page.get_by_label("Summary").fill(NEW_SUMMARY)
    page.get_by_label("Note for the clinical reviewer").fill("Plainer first sentence.")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(f"**{change}")
    assert "Sent for review" in page.locator(".messagelist").inner_text()
    assert public_summary(browser, live_server, "/guide/symptom-medicines/fatigue/") == (200, live_summary)

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview as the public will see it").click()
    preview = popup.value
    preview.wait_for_load_state()
    assert preview.locator("p.lead").inner_text() == NEW_SUMMARY
    assert "once a clinical reviewer approves" in preview.locator(".preview-banner").inner_text()
    assert_accessible(preview)
    preview.close()
    # An editor has no way to approve, in the page or by hand.
    assert page.get_by_role("button", name="Approve and publish").count() == 0

    reviewer = signed_in(browser, live_server, "reviewer@example.com")
    visit(reviewer, change)
    changes = reviewer.locator(".pending-revision .word-diff")
    added = " ".join(changes.locator("ins").all_inner_texts())
    assert "ways to ease it." in added and "ways to ease it." in changes.inner_text()
    assert "Plainer first sentence." in reviewer.locator(".pending-revision").inner_text()
    check_page(reviewer)
    reviewer.get_by_label("Your note").fill("Checked against the sources.")
    reviewer.get_by_role("button", name="Approve and publish").click()
    reviewer.wait_for_url(f"**{change}")
    assert "Published: patients see it now" in reviewer.locator(".messagelist").inner_text()
    reviewer.context.close()

    assert public_summary(browser, live_server, "/guide/symptom-medicines/fatigue/") == (200, NEW_SUMMARY)


def test_a_reviewer_cannot_approve_a_change_they_made(page, guide):
    staff("nurse@example.com", make_clinical_reviewer)
    mri = GuideItem.objects.get(slug="mri")
    change = f"/admin/guide/diagnostictest/{mri.pk}/change/"
    log_in(page, "nurse@example.com", PASSWORD, then="/admin/")

    visit(page, change)
    page.get_by_label("Summary").fill("Pictures of the brain and spine, made with magnets.")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(f"**{change}")

    assert "another clinical reviewer must approve them" in page.locator(".pending-revision").inner_text()
    assert page.get_by_role("button", name="Approve and publish").count() == 0
    assert Revision.objects.get(item=mri).state == Revision.State.WAITING


def test_two_editors_race_and_the_second_is_told(page, browser, live_server, guide):
    staff("ana@example.com")
    staff("ben@example.com")
    pain = GuideItem.objects.get(slug="pain")
    change = f"/admin/guide/symptomtreatment/{pain.pk}/change/"
    log_in(page, "ana@example.com", PASSWORD, then="/admin/")
    ben = signed_in(browser, live_server, "ben@example.com")
    visit(page, change)
    visit(ben, change)

    page.get_by_label("Summary").fill("Ana's summary of pain care.")
    ben.get_by_label("Summary").fill("Ben's summary of pain care.")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/guide/symptomtreatment/")
    ben.locator("input[name=_save]").first.click()
    ben.wait_for_load_state()

    assert "Someone else changed" in ben.locator("h1").inner_text()
    text = ben.locator("#content-main").inner_text()
    assert "Your changes were not saved" in text
    assert "Ana's summary of pain care." in text and "Ben's summary of pain care." in text
    check_page(ben)
    ben.context.close()
    assert Revision.objects.get(item=pain).content["summary"] == "Ana's summary of pain care."
