"""Safety boxes are seen on a phone before anything else, print, and pass axe; glossary terms
are one tap from their meaning, without JavaScript."""

import pytest

from alscare.guide.models import GuideItem

from .conftest import assert_accessible, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MEDICINE_PAGES = [
    "/guide/als-medicines/riluzole/",
    "/guide/symptom-medicines/muscle-cramps-and-spasms/",
    "/guide/symptom-medicines/saliva-and-phlegm/",
]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("path", MEDICINE_PAGES)
def test_the_warnings_box_starts_on_the_first_screen_of_a_phone(phone, guide, path):
    visit(phone, path)

    box = phone.get_by_role("region", name="Safety warnings")
    top = box.bounding_box()["y"]

    assert top < PHONE["height"], f"the warnings box starts {top}px down, below the first screen"
    assert box.get_by_role("heading", name="Safety warnings").is_visible()


def test_the_safety_boxes_pass_axe_and_have_their_own_headings(page, guide):
    visit(page, "/guide/therapies/breathing-care/")

    assert page.get_by_role("region", name="Safety warnings").is_visible()
    urgent = page.get_by_role("region", name="Get help now")
    assert urgent.get_by_role("heading", name="Call 911 now if:").is_visible()
    assert urgent.get_by_role("heading", name="Call your care team today if:").is_visible()
    assert_accessible(page)


def test_the_safety_boxes_print(page, guide):
    visit(page, "/guide/symptom-medicines/saliva-and-phlegm/")
    page.emulate_media(media="print")

    assert page.get_by_role("region", name="Safety warnings").is_visible()
    assert page.get_by_role("region", name="Get help now").is_visible()


def test_a_glossary_term_is_one_tap_from_its_meaning_without_javascript(page_without_script, guide):
    # The guide's own glossary page, loaded from content/, explains PEG.
    glossary = GuideItem.objects.get(slug="glossary")
    assert "PEG" in {entry["term"] for entry in glossary.terms}
    visit(page_without_script, "/guide/therapies/nutritional-support/")

    term = page_without_script.locator("a.glossary-term", has_text="PEG").first
    assert term.inner_text() == "PEG"
    term.click()

    page_without_script.wait_for_url("**/guide/living-with-als/glossary/#term-peg")
    assert page_without_script.locator("#term-peg").inner_text() == "PEG"
