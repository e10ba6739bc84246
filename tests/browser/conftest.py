"""Real headless Chromium, driven by Playwright, for browser and accessibility tests.

A test asks for `page` (and usually `live_server`), then uses `visit`, `assert_accessible`
and `assert_targets_large_enough`. Without Chromium the tests skip, unless
ALSCARE_REQUIRE_REAL_SERVICES=1 (CI), where they fail.
"""

import os
import shutil

import pytest
from django.urls import reverse

from tests.conftest import REQUIRE_REAL_SERVICES

# Playwright's sync API runs an event loop; Django's live server is happy with that.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _unavailable(reason):
    if REQUIRE_REAL_SERVICES:
        pytest.fail(f"Browser tests must run here: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    outside_requests = []
    page.on(
        "request",
        lambda request: (
            outside_requests.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "about:"))
            else None
        ),
    )
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_violations = csp_violations
    yield page
    context.close()
    assert not outside_requests, f"pages asked another host for: {outside_requests}"
    assert not csp_violations, f"the Content-Security-Policy blocked: {csp_violations}"


@pytest.fixture
def narrow_page(browser, live_server):
    """A phone-sized window: 320 CSS px wide, for reflow checks."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_script(browser, live_server):
    """A browser with JavaScript switched off: the main tasks must still work."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def visit(page, path):
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    return response


def axe_results(page):
    """Run axe-core on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    seen = len(getattr(page, "csp_violations", []))
    results = Axe().run(page)
    # axe itself tries inline styles on some pages; only the page's own CSP violations count.
    del getattr(page, "csp_violations", [])[seen:]
    return results


def assert_accessible(page):
    """Zero axe-core violations, one <h1>, and a <title> of its own."""
    results = axe_results(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.locator("h1").count() == 1, f"{page.url} must have exactly one <h1>"
    assert page.title().strip() and page.title() != "ALS Care", f"{page.url} needs its own <title>"


# Inline links inside running text are exempt from the target size (WCAG 2.5.8).
SMALL_TARGETS_SCRIPT = """
() => {
  const controls = document.querySelectorAll(
    'button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, ' +
    'summary, .btn, nav a, .item-list a, .section-cards a, .action-list a, .form-check, a.skip-link:focus'
  );
  const small = [];
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not displayed
    if (box.width < 44 || box.height < 44) {
      const label = (el.innerText || el.name || el.id || '').trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${label}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
"""


def assert_targets_large_enough(page):
    small = page.evaluate(SMALL_TARGETS_SCRIPT)
    assert not small, f"controls under 44x44 px on {page.url}: {small}"


def check_page(page):
    """The bar every page meets: axe-clean, one <h1>, its own <title>, 44 px targets."""
    assert_accessible(page)
    assert_targets_large_enough(page)


PASSWORD = "demo-password-for-browser-tests"


@pytest.fixture
def demo(db):
    """The demo story (Alex Demo's diary and its members), with PASSWORD for every account."""
    from alscare.diary.management.commands.seed_demo import seed_diary_demo
    from alscare.diary.models import Diary

    seed_diary_demo(PASSWORD)
    return Diary.objects.get(patient_name="Alex Demo")


def log_in(page, email, password=PASSWORD, then="/diary/"):
    """Sign in through the login page, as a person would, and land on `then`."""
    visit(page, f"{reverse('account_login')}?next={then}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"**{then}")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts logins per IP in the cache; every browser test logs in from 127.0.0.1."""
    from django.core.cache import cache

    cache.clear()


def assert_focus_visible(page, presses=1):
    """Tab `presses` times; the focused element must show an outline or a focus ring."""
    for _ in range(presses):
        page.keyboard.press("Tab")
    style = page.evaluate(
        """() => {
          const el = document.activeElement;
          const s = getComputedStyle(el);
          return {tag: el.tagName, outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};
        }"""
    )
    assert style["tag"] != "BODY", "Tab did not move the focus"
    assert (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none", style


def verified_account(email, password, username=None):
    """An account whose address is confirmed, as every account must be before it logs in."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username or email, email, password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
