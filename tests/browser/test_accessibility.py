"""Accessibility fixes kept fixed: the keyboard quick entry in a handful of key presses, diary
pages reflowing at 320 px, errors tied to their fields, and charts that name themselves."""

import pytest
from django.urls import reverse

from alscare.diary.models import Entry

from .conftest import check_page, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_todays_entry_takes_eight_key_presses_from_the_diary_home(page, demo):
    log_in(page, "caregiver@example.com")
    visit(page, reverse("diary:home", kwargs={"diary_id": demo.pk}))
    presses = []

    def press(key):
        presses.append(key)
        page.keyboard.press(key)

    press("Tab")  # the skip link
    press("Tab")  # "Add today's entry" comes straight after it
    assert page.evaluate("document.activeElement.textContent").strip() == "Add today's entry"
    press("Enter")  # the link goes to #ratings: the next Tab lands on the first rating
    page.wait_for_url("**/entries/new/#ratings")
    press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_walking_0"
    for _ in range(3):  # nothing chosen, the focus on 0 -> 1 -> 2 -> 3
        press("ArrowRight")
    press("Enter")  # Enter in a radio group submits the form
    page.wait_for_url(f"**/diary/{demo.pk}/")

    assert len(presses) == 8
    assert page.get_by_role("status").filter(has_text="is saved").is_visible()
    assert Entry.objects.filter(created_by__email="caregiver@example.com", walking=3).exists()


def test_the_save_button_stays_in_view_for_pointer_users(page, demo):
    log_in(page, "caregiver@example.com")
    visit(page, reverse("diary:entry_add", kwargs={"diary_id": demo.pk}) + "#ratings")
    save = page.get_by_role("button", name="Save the entry")
    box = save.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"], "Save needs no scrolling"
    page.get_by_role("group", name="Walking").get_by_label("2 Moderate").check()
    save.click()
    page.wait_for_url(f"**/diary/{demo.pk}/")


@pytest.mark.parametrize("width", [320, 640])  # 640 CSS px: a 1280 px window at 200% zoom
def test_diary_and_account_pages_reflow_without_sideways_scrolling(browser, live_server, demo, width):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 640})
    page = context.new_page()
    log_in(page, "patient@example.com")
    entry = demo.entries.first()
    kw = {"diary_id": demo.pk}
    paths = [
        reverse("diary:home", kwargs=kw),
        reverse("diary:entries", kwargs=kw),
        reverse("diary:entry_add", kwargs=kw),
        reverse("diary:entry_edit", kwargs={**kw, "entry_id": entry.pk}),
        reverse("diary:assessments", kwargs=kw),
        reverse("diary:assessment_add", kwargs=kw),
        reverse("diary:trends", kwargs=kw),
        reverse("diary:summary", kwargs=kw),
        reverse("diary:members", kwargs=kw),
        reverse("accounts:overview"),
        reverse("account_email"),
        reverse("usersessions_list"),
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
    ]
    for path in paths:
        visit(page, path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    context.close()


def test_errors_are_focused_and_tied_to_their_fields(page, demo):
    log_in(page, "patient@example.com")
    visit(page, reverse("diary:entry_add", kwargs={"diary_id": demo.pk}))
    page.get_by_label("Weight in kilograms").fill("-4")
    page.get_by_role("button", name="Save the entry").click()
    page.wait_for_load_state()

    assert page.evaluate("document.activeElement.id") == "form-errors", "the error summary takes focus"
    weight = page.get_by_label("Weight in kilograms")
    described = weight.get_attribute("aria-describedby").split()
    texts = [page.locator(f"#{id_}").inner_text() for id_ in described]
    assert any("between 1 and 500" in text for text in texts), texts
    assert page.get_by_text("(optional) (optional)").count() == 0
    check_page(page)

    visit(page, reverse("diary:assessment_add", kwargs={"diary_id": demo.pk}) + "?feeding_tube=no")
    page.get_by_role("button", name="Next: page 2 of 4").click()
    page.wait_for_load_state()
    group = page.locator("fieldset#id_speech")
    ids = group.get_attribute("aria-describedby").split()
    assert "id_speech_error" in ids and page.locator("#id_speech_error").is_visible()
    page.locator("#form-errors a[href='#id_speech']").click()
    check_page(page)


def test_every_chart_names_itself_on_screen_and_on_paper(page, demo):
    log_in(page, "viewer@example.com")
    visit(page, reverse("diary:summary", kwargs={"diary_id": demo.pk}))
    page.emulate_media(media="print")
    charts = page.locator("figure.chart")
    assert charts.count() >= 5
    for index in range(charts.count()):
        assert charts.nth(index).locator(".chart-title").is_visible()
    assert page.get_by_role("heading", name="Walking", level=3).is_visible()
