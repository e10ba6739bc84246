"""The portal's look on a phone and on a desktop, in real Chromium: a short header that folds
into a menu, running text no wider than about 75 characters, nothing scrolling sideways at
320 px, and one error summary on every form."""

import pytest
from django.urls import reverse

from .conftest import check_page, log_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE_PAGE = "/guide/als-medicines/riluzole/"
# "About 75 characters": a line may run a few characters over when a long word just fits.
LONGEST_LINE = 78
PHONE_HEADER_HEIGHT = 120

# The characters on the longest rendered line of an element, counted from the layout itself.
LONGEST_LINE_SCRIPT = """
(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let top = null, count = 0, longest = 0, node;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      if (top === null || box.top > top + box.height / 2) {
        longest = Math.max(longest, count);
        count = 0;
        top = box.top;
      }
      count++;
    }
  }
  return Math.max(longest, count);
}
"""


def _phone(browser, live_server, width=390, height=844, **options):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}, **options
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls {overflow} px sideways"


def test_on_a_phone_the_header_folds_into_a_menu_that_works_without_javascript(browser, live_server, guide):
    page = _phone(browser, live_server, java_script_enabled=False)
    visit(page, "/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE_HEADER_HEIGHT, f"the header takes {header['height']} px at 390 px"
    assert not page.get_by_role("link", name="Search", exact=True).is_visible()

    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    page.context.close()


def test_on_a_desktop_the_menu_links_sit_in_the_header(page, guide):
    visit(page, "/")
    assert not page.get_by_text("Menu", exact=True).is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").is_visible()


def test_on_a_phone_the_add_entry_heading_is_in_view_and_the_diary_menu_folds(browser, live_server, demo):
    page = _phone(browser, live_server)
    log_in(page, "caregiver@example.com")
    visit(page, reverse("diary:entry_add", kwargs={"diary_id": demo.pk}))
    assert page.locator("h1").bounding_box()["y"] <= 200
    assert not page.get_by_role("link", name="All entries").is_visible()
    page.get_by_text("Diary menu", exact=True).click()
    assert page.get_by_role("navigation", name="Diary").get_by_role("link", name="All entries").is_visible()
    check_page(page)
    page.context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_running_text_stays_within_about_75_characters(browser, live_server, guide, width):
    page = _phone(browser, live_server, width=width, height=900)
    for path in ("/", GUIDE_PAGE, "/search/?q=breathing"):
        visit(page, path)
        blocks = page.locator("main :is(p, li, dd)")
        longest = max(blocks.nth(i).evaluate(LONGEST_LINE_SCRIPT) for i in range(blocks.count()))
        assert longest <= LONGEST_LINE, f"{path} has a line of {longest} characters at {width} px"
    page.context.close()


def test_nothing_scrolls_sideways_at_320_px(browser, live_server, guide, demo):
    page = _phone(browser, live_server, width=320, height=640)
    for path in ("/", GUIDE_PAGE, "/search/?q=breathing", reverse("account_signup")):
        visit(page, path)
        _no_sideways_scroll(page)
    log_in(page, "patient@example.com")
    for name in ("home", "entry_add", "members", "settings", "summary", "trends"):
        visit(page, reverse(f"diary:{name}", kwargs={"diary_id": demo.pk}))
        _no_sideways_scroll(page)
    page.context.close()


def _assert_error_summary(page, expected):
    """The summary comes before the form, has focus, says "There is a problem", and each of
    its links leads to a field on the page."""
    summary = page.locator(".error-summary")
    assert summary.count() == 1, f"no error summary on {page.url}"
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), page.url
    assert page.evaluate(
        "!!(document.querySelector('.error-summary').compareDocumentPosition("
        "document.querySelector('main form:has(button[type=submit])')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    ), f"the error summary must come before the form on {page.url}"
    links = summary.get_by_role("link")
    texts = [links.nth(i).inner_text() for i in range(links.count())]
    for text in expected:
        assert text in texts, f"{page.url}: {text!r} not in {texts}"
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert target.startswith("#") and page.locator(target).count() == 1, target
    assert "This field is required" not in summary.inner_text()


def test_the_sign_up_and_log_in_forms_show_the_error_summary(page, demo):
    visit(page, reverse("account_signup"))
    page.get_by_role("button", name="Create the account").click()
    _assert_error_summary(page, ["Enter your email address", "Enter a password"])
    summary_link = page.locator(".error-summary").get_by_role("link", name="Enter your email address")
    summary_link.click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    check_page(page)
    assert page.locator("input[placeholder]").count() == 0, "placeholders must not repeat labels"
    rules = page.locator("#id_password1_helptext")
    assert rules.bounding_box()["y"] < page.locator("#id_password1").bounding_box()["y"]

    visit(page, reverse("account_login"))
    page.get_by_role("button", name="Log in", exact=True).click()
    _assert_error_summary(page, ["Enter your email address", "Enter your password"])

    visit(page, reverse("account_reset_password"))
    page.locator("main form button[type=submit]").click()
    _assert_error_summary(page, ["Enter your email address"])


def test_the_diary_and_account_forms_show_the_error_summary(page, demo):
    log_in(page, "patient@example.com")
    diary = {"diary_id": demo.pk}
    forms = [
        (reverse("diary:create"), "Start the diary", ["Enter the patient's name"]),
        (reverse("diary:entry_add", kwargs=diary), "Save the entry", ["Enter the date of the entry"]),
        (
            reverse("diary:members", kwargs=diary) + "#invite",
            "Send the invitation",
            ["Enter their email address"],
        ),
        (reverse("diary:delete", kwargs=diary), "Delete the diary", ["Tick “Yes, I understand” to go on"]),
        (reverse("accounts:delete"), None, ["Enter your password"]),
        (reverse("account_change_password"), None, ["Enter your current password"]),
    ]
    for path, button, expected in forms:
        visit(page, path)
        if path.startswith(reverse("diary:entry_add", kwargs=diary)):
            page.get_by_label("Date").fill("")
        if button:
            page.get_by_role("button", name=button).click()
        else:
            page.locator("main form:has(button[type=submit])").last.locator(
                "button[type=submit]"
            ).last.click()
        _assert_error_summary(page, expected)
        check_page(page)
