import pytest

from .conftest import assert_focus_visible, check_page, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_finds_their_way_through_the_guide(page, guide):
    visit(page, "/")
    check_page(page)

    page.get_by_role("link", name="Medicines for ALS").click()
    page.wait_for_url("**/guide/als-medicines/")
    assert page.get_by_role("heading", level=1).inner_text() == "Medicines for ALS"
    check_page(page)

    page.get_by_role("link", name="Riluzole").first.click()
    page.wait_for_url("**/guide/als-medicines/riluzole/")
    assert page.get_by_role("heading", name="Sources").is_visible()
    check_page(page)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Care guide").click()
    page.wait_for_url(lambda url: "/guide/" not in url)
    check_page(page)


def test_a_reader_searches_with_the_keyboard_alone(page, guide):
    visit(page, "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    page.get_by_label("Words to look for").focus()
    page.keyboard.type("feeding tube")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=feeding+tube")

    assert page.locator(".item-list a").count() > 0
    check_page(page)
    page.locator(".item-list a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/guide/**")
    check_page(page)


@pytest.mark.parametrize(
    "path",
    [
        "/guide/diagnosis/",
        "/guide/therapies/breathing-care/",
        "/search/?q=zzz",
        "/guide/living-with-als/breathing-emergencies/",
        "/guide/living-with-als/glossary/",
    ],
)
def test_more_pages_pass_axe(page, guide, path):
    visit(page, path)
    check_page(page)


def test_the_not_found_page_passes_axe(page, guide):
    response = page.goto("/guide/diagnosis/no-such-page/")
    assert response.status == 404
    check_page(page)


def test_the_first_tab_reveals_a_visible_skip_link(page, guide):
    visit(page, "/guide/symptom-medicines/")

    assert_focus_visible(page)
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_reflow_at_320_px_without_sideways_scrolling(narrow_page, guide):
    for path in ["/", "/guide/als-medicines/tofersen/", "/search/?q=breathing"]:
        visit(narrow_page, path)
        overflow = narrow_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
