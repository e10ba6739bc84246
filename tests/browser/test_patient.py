"""The patient keeps control of their diary, in real Chromium: a caregiver made an owner
cannot remove the patient or delete the diary; the patient removes and brings back."""

import pytest
from django.urls import reverse

from alscare.diary.models import Diary, Entry, Membership

from .conftest import check_page, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _members(demo):
    return reverse("diary:members", kwargs={"diary_id": demo.pk})


def test_a_caregiver_made_owner_cannot_remove_the_patient_or_delete_the_diary(
    page, browser, live_server, demo
):
    log_in(page, "patient@example.com")
    visit(page, _members(demo))
    check_page(page)
    page.get_by_label("New role for Jordan").select_option("owner")
    page.get_by_role("button", name="Change role").first.click()
    assert page.get_by_text("Jordan is now an owner").is_visible()
    assert Membership.objects.get(diary=demo, user__email="caregiver@example.com").role == "owner"

    caregiver = browser.new_context(base_url=live_server.url).new_page()
    log_in(caregiver, "caregiver@example.com")
    visit(caregiver, _members(demo))
    check_page(caregiver)
    patient_row = caregiver.get_by_role("row").filter(has_text="Alex")
    assert patient_row.get_by_text("Nobody can change the patient.").is_visible()
    assert patient_row.get_by_role("link").count() == 0 and patient_row.get_by_role("button").count() == 0

    patient_membership = Membership.objects.get(diary=demo, user__email="patient@example.com")
    refused = caregiver.goto(
        reverse("diary:remove_member", kwargs={"diary_id": demo.pk, "membership_id": patient_membership.pk})
    )
    assert refused.status == 403
    visit(caregiver, reverse("diary:settings", kwargs={"diary_id": demo.pk}))
    assert caregiver.get_by_role("link", name="Delete this diary…").count() == 0
    assert caregiver.get_by_text("Only the patient can delete this diary.").is_visible()
    assert caregiver.goto(reverse("diary:delete", kwargs={"diary_id": demo.pk})).status == 403
    check_page(caregiver)
    caregiver.context.close()

    demo = Diary.objects.get(pk=demo.pk)
    assert demo.patient.email == "patient@example.com"
    assert Membership.objects.filter(diary=demo, user__email="patient@example.com", role="owner").exists()


def test_the_patient_removes_and_brings_back(page, demo):
    entry = demo.entries.first()
    log_in(page, "patient@example.com")

    visit(page, reverse("diary:settings", kwargs={"diary_id": demo.pk}))
    page.get_by_role("link", name="Remove Casey…").click()
    check_page(page)
    page.get_by_role("button", name="Yes, remove Casey").click()
    assert page.get_by_text("Casey no longer has access").is_visible()
    assert not Membership.objects.filter(diary=demo, user__email="viewer@example.com").exists()

    visit(page, reverse("diary:entry_delete", kwargs={"diary_id": demo.pk, "entry_id": entry.pk}))
    page.get_by_role("button", name="Delete this entry").click()
    assert not Entry.objects.filter(pk=entry.pk).exists()
    page.get_by_role("link", name="Deleted entries you can bring back").click()
    check_page(page)
    page.get_by_role("button", name=f"Bring back the entry of {entry.date:%-d %B %Y}").click()
    assert Entry.objects.filter(pk=entry.pk).exists()

    visit(page, reverse("diary:delete", kwargs={"diary_id": demo.pk}))
    page.get_by_label("Yes, I understand").check()
    page.get_by_role("button", name="Delete the diary").click()
    page.wait_for_url("**/diary/")
    assert not Diary.objects.filter(pk=demo.pk).exists()
    check_page(page)
    page.get_by_role("button", name="Bring back the diary for Alex Demo").click()
    page.wait_for_url(f"**/diary/{demo.pk}/")
    assert Diary.objects.filter(pk=demo.pk).exists()
    check_page(page)

    home = page.get_by_role("region", name="Changes to who can open this diary")
    assert home.get_by_text("removed a member").is_visible()
    page.get_by_role("link", name="Activity", exact=True).click()
    check_page(page)
    assert page.get_by_text("brought back the diary").is_visible()


def test_the_patients_own_choices_are_keyboard_and_axe_clean(page, demo):
    log_in(page, "patient@example.com")
    visit(page, _members(demo))
    page.get_by_label("New members wait for my approval").check()
    page.get_by_role("button", name="Save this choice").click()
    assert Diary.objects.get(pk=demo.pk).new_members_need_approval
    check_page(page)
