"""The diary in real Chromium: quick entry, an invitation taken up by a second person, the
appointment summary, and every diary page with zero axe-core violations and 44 px targets."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from alscare.diary.models import Entry, Membership

from .conftest import assert_focus_visible, check_page, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caregiver_adds_todays_entry_in_a_few_actions(page, demo):
    log_in(page, "caregiver@example.com")
    page.get_by_role("link", name="Diary for Alex Demo").click()
    page.get_by_role("link", name="Add today's entry").click()
    check_page(page)

    page.get_by_role("group", name="Walking").get_by_label("3 Quite bad").check()
    page.get_by_text("Other areas").click()  # the areas the diary does not track
    page.get_by_role("group", name="Fatigue").get_by_label("2 Moderate").check()
    page.get_by_label("Notes").fill("Needed the walker all day.")
    page.get_by_role("button", name="Save the entry").click()

    assert page.get_by_role("status").filter(has_text="is saved").is_visible()
    entry = Entry.objects.filter(notes="Needed the walker all day.").get()
    assert (entry.walking, entry.fatigue, entry.speech) == (3, 2, None)
    assert page.get_by_text("Written by Jordan").first.is_visible()


def test_the_quick_entry_works_with_the_keyboard_alone(page, demo):
    log_in(page, "patient@example.com")
    visit(page, reverse("diary:entry_add", kwargs={"diary_id": demo.pk}))
    page.get_by_role("group", name="Walking").get_by_label("0 None").focus()
    page.keyboard.press("Space")  # nothing is chosen yet: Space chooses "0 None"
    page.get_by_role("button", name="Save the entry").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/diary/{demo.pk}/")
    assert Entry.objects.filter(created_by__email="patient@example.com", walking=0).exists()


def test_an_invitation_is_accepted_by_a_second_account(page, browser, live_server, demo):
    log_in(page, "patient@example.com")
    visit(page, reverse("diary:members", kwargs={"diary_id": demo.pk}))
    check_page(page)
    page.get_by_label("Their email address").fill("sister@example.com")
    page.get_by_label("Viewer: reads and prints").check()
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_text("sister@example.com, as viewer").is_visible()

    link = re.search(r"https?://\S+/diary/invitations/\S+/", mail.outbox[-1].body).group(0)
    second = browser.new_context(base_url=live_server.url).new_page()
    second.goto(link)
    second.wait_for_url("**/accounts/login/**")
    assert second.get_by_text("You were invited to a symptom diary").is_visible()
    second.get_by_role("link", name="Create an account").click()
    second.get_by_label("Email").fill("sister@example.com")
    second.get_by_label("Password", exact=True).fill("a-long-pass-phrase-42")
    second.get_by_label("Password (again)").fill("a-long-pass-phrase-42")
    second.get_by_role("button", name="Create the account").click()
    second.wait_for_url("**/diary/invitations/**")
    check_page(second)
    second.get_by_role("button", name="Join the diary").click()
    second.wait_for_url(f"**/diary/{demo.pk}/")
    assert second.get_by_role("heading", level=1).inner_text() == "Diary for Alex Demo"
    assert second.get_by_role("link", name="Add today's entry").count() == 0, (
        "a viewer gets no write controls"
    )
    assert Membership.objects.get(user__email="sister@example.com").role == "viewer"

    second.goto(link)
    assert second.get_by_role("heading", level=1).inner_text() == "This invitation cannot be used"
    check_page(second)
    second.context.close()


def test_the_appointment_summary_prints_cleanly(page, demo):
    log_in(page, "viewer@example.com")
    visit(page, reverse("diary:home", kwargs={"diary_id": demo.pk}))
    page.get_by_role("link", name="Appointment summary").click()
    check_page(page)
    page.get_by_role("textbox", name="From", exact=True).fill("2020-01-01")
    page.get_by_role("button", name="Show this period").click()
    assert page.get_by_text("at most three years").is_visible()

    visit(page, reverse("diary:summary", kwargs={"diary_id": demo.pk}) + "?start=" + _days_ago(60))
    assert page.locator("figure.chart svg[role=img]").count() >= 5
    assert page.get_by_text("Total went from").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Diary").is_visible()
    assert not page.get_by_role("button", name="Show this period").is_visible()
    assert page.locator("figure.chart svg").first.is_visible()
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF"


def _days_ago(n):
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() - timedelta(days=n)).isoformat()


def test_a_conflicting_edit_shows_both_versions(page, demo):
    entry = demo.entries.first()
    log_in(page, "caregiver@example.com")
    visit(page, reverse("diary:entry_edit", kwargs={"diary_id": demo.pk, "entry_id": entry.pk}))
    Entry.objects.filter(pk=entry.pk).update(notes="Changed by someone else", version=entry.version + 1)
    page.get_by_label("Notes").fill("My careful correction")
    page.get_by_role("button", name="Save the entry").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Not saved: someone changed this entry"
    check_page(page)
    entry.refresh_from_db()
    assert entry.notes == "Changed by someone else"


def _diary_pages(demo):
    entry = demo.entries.first()
    assessment = demo.assessments.first()
    caregiver = demo.memberships.get(user__email="caregiver@example.com")
    kw = {"diary_id": demo.pk}
    return [
        reverse("diary:index"),
        reverse("diary:create"),
        reverse("diary:home", kwargs=kw),
        reverse("diary:entries", kwargs=kw),
        reverse("diary:entry_add", kwargs=kw),
        reverse("diary:entry_edit", kwargs={**kw, "entry_id": entry.pk}),
        reverse("diary:entry_delete", kwargs={**kw, "entry_id": entry.pk}),
        reverse("diary:assessments", kwargs=kw),
        reverse("diary:assessment_add", kwargs=kw),
        reverse("diary:assessment", kwargs={**kw, "assessment_id": assessment.pk}),
        reverse("diary:assessment_delete", kwargs={**kw, "assessment_id": assessment.pk}),
        reverse("diary:trends", kwargs=kw),
        reverse("diary:summary", kwargs=kw),
        reverse("diary:members", kwargs=kw),
        reverse("diary:remove_member", kwargs={**kw, "membership_id": caregiver.pk}),
        reverse("diary:leave", kwargs=kw),
        reverse("diary:delete", kwargs=kw),
        reverse("diary:entries_deleted", kwargs=kw),
        reverse("diary:activity", kwargs=kw),
        reverse("diary:assessment_add", kwargs=kw) + "?feeding_tube=yes",
        reverse("diary:summary", kwargs=kw) + "?print=1",
        reverse("diary:clinical_details", kwargs=kw),
        reverse("diary:my_settings", kwargs=kw),
    ]


def test_every_diary_page_is_accessible(page, demo):
    log_in(page, "patient@example.com")
    for path in _diary_pages(demo):
        visit(page, path)
        check_page(page)
    assert_focus_visible(page, presses=2)


def test_forms_with_errors_stay_accessible(page, demo):
    log_in(page, "patient@example.com")
    visit(page, reverse("diary:assessment_add", kwargs={"diary_id": demo.pk}) + "?feeding_tube=no")
    page.get_by_role("button", name="Next: page 2 of 4").click()
    assert page.get_by_role("alert").filter(has_text="There is a problem").is_visible()
    check_page(page)
    visit(page, reverse("diary:entry_add", kwargs={"diary_id": demo.pk}))
    page.get_by_label("Weight in kilograms").fill("-4")
    page.get_by_role("button", name="Save the entry").click()
    check_page(page)


def test_a_stranger_gets_not_found(page, demo):
    log_in(page, "other@example.com")
    response = page.goto(reverse("diary:home", kwargs={"diary_id": demo.pk}))
    assert response.status == 404


def test_todays_entry_for_three_tracked_areas_takes_twelve_key_presses(page, demo):
    """From the diary home, keyboard only: the demo diary tracks walking, speech and saliva."""
    log_in(page, "caregiver@example.com", then=f"/diary/{demo.pk}/")
    Entry.objects.filter(diary=demo).delete()
    presses = []

    def press(key):
        presses.append(key)
        page.keyboard.press(key)

    press("Tab")  # the skip link
    press("Tab")  # "Add today's entry"
    assert page.evaluate("document.activeElement.textContent") == "Add today's entry"
    press("Enter")
    page.wait_for_url("**/entries/new/#ratings")
    press("Tab")  # walking: "0 None" has the focus, nothing chosen
    press("ArrowDown")  # 1 Mild
    press("Tab")  # speech
    press("ArrowDown")
    press("ArrowDown")  # 2 Moderate
    press("Tab")  # saliva
    press("ArrowDown")  # 1 Mild
    press("Tab")  # "Save today's entry"
    assert page.evaluate("document.activeElement.textContent") == "Save today's entry"
    press("Enter")
    page.wait_for_url(f"**/diary/{demo.pk}/")

    entry = Entry.objects.get(diary=demo)
    assert (entry.walking, entry.speech, entry.saliva, entry.fatigue) == (1, 2, 1, None)
    assert len(presses) == 12


def test_the_self_assessment_works_page_by_page_without_script(page_without_script, demo):
    page = page_without_script
    log_in(page, "caregiver@example.com")
    visit(page, reverse("diary:assessment_add", kwargs={"diary_id": demo.pk}))
    page.get_by_label("Yes, I have a feeding tube").check()
    page.get_by_role("button", name="Start the questions").click()
    for number in range(1, 5):
        for group in page.get_by_role("group").all():
            options = group.get_by_role("radio")
            if options.count() == 5:
                options.nth(1).check()
        name = "Save the self-assessment" if number == 4 else f"Next: page {number + 1} of 4"
        page.get_by_role("button", name=name).click()
    assert page.get_by_role("status").filter(has_text="Total: 36 out of 48").is_visible()


def test_the_print_button_is_a_link_without_script(page_without_script, demo):
    page = page_without_script
    log_in(page, "viewer@example.com")
    visit(page, reverse("diary:summary", kwargs={"diary_id": demo.pk}))
    page.get_by_role("link", name="Print this summary").click()
    assert page.get_by_text("This is the print view").is_visible()


def test_the_unsubscribe_page_is_accessible_and_stops_the_reminder(page, demo):
    from alscare.diary.models import Reminder
    from alscare.diary.reminders import unsubscribe_token

    membership = Membership.objects.get(diary=demo, user__email="caregiver@example.com")
    reminder = Reminder.objects.create(membership=membership, kind=Reminder.Kind.WEEKLY_ENTRY)
    visit(page, reverse("diary:unsubscribe", args=[unsubscribe_token(reminder)]))
    check_page(page)
    assert Reminder.objects.filter(pk=reminder.pk).exists()
    page.get_by_role("button", name="Yes, stop this reminder").click()
    assert page.get_by_role("status").filter(has_text="The reminder is stopped").is_visible()
    check_page(page)
    assert not Reminder.objects.filter(pk=reminder.pk).exists()
