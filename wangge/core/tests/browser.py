"""The browser-test harness every app's tests share: Debian's Chromium through Playwright,
signed-in contexts, a watch on console errors and CSP violations, an axe-core scan and
screenshots under var/screenshots/.

It imports only Django and Playwright, so the tests of every layer may use it. A page
test reads:

    def test_the_page_is_clean(live_server, chromium):
        page = open_page(chromium, live_server.url, user=someone)
        watch = Watch(page)
        page.goto(f"{live_server.url}/somewhere/")
        assert serious_violations(page) == []
        assert watch.problems == []
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIOUS = ("serious", "critical")

# Mark a browser test module with `pytestmark = needs_chromium`.
needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
]


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium, closed after the test."""
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # writes happen before it starts, the live server's in its own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def open_page(browser, server: str, *, user=None, viewport=DESKTOP, language="zh-CN"):
    """A page in a fresh context, signed in as `user` (through a session cookie, not the
    login form) or anonymous, with axe-core available on every document it loads.

    axe is added as an init script, which the DevTools protocol runs outside the page's
    Content-Security-Policy: the policy stays in force, so a scan and a CSP check share
    one load. A <script> tag (`add_script_tag`) would be refused by `script-src 'self'`.
    """
    phone = viewport == PHONE
    context = browser.new_context(
        viewport=viewport, locale=language, is_mobile=phone, has_touch=phone
    )
    context.add_init_script(path=str(AXE))
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": server}]
        )
    return context.new_page()


_REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
  );
});
"""


class Watch:
    """What went wrong on a page since it was watched: console errors, uncaught errors
    and Content-Security-Policy violations (the `securitypolicyviolation` events, also
    those the console does not show, such as a refused style attribute in report-only
    mode). Attach it before the first `goto`."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"error: {error}"))
        page.expose_function(
            "__reportCspViolation", lambda text: self.problems.append(f"CSP: {text}")
        )
        page.add_init_script(_REPORT_CSP)

    def _console(self, message) -> None:
        # A page answered with an error status (a 404 page) logs its own load as failed;
        # that status is the test's to check, a failed resource of the page is a problem.
        if message.type != "error" or message.location.get("url") == self.page.url:
            return
        self.problems.append(f"console: {message.text}")


def serious_violations(page, impacts=SERIOUS) -> list[str]:
    """The axe-core violations of the page as loaded, of the given impacts, one line each:
    the rule, its impact, the first elements it names and why the first one fails."""
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        + f" ({v['nodes'][0]['failureSummary']})"
        for v in violations
        if v["impact"] in impacts
    ]


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save what the page shows as var/screenshots/NAME.png, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def fits_the_screen(page) -> bool:
    """Whether the page needs no sideways scrolling."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
