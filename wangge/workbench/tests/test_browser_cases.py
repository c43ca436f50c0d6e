"""A real browser: a grid worker reports a case by tapping the map on a phone, then the
community desk registers and dispatches it on a desktop.

Drives Debian's Chromium through Playwright (see test_browser.py). Screenshots land in
var/screenshots/ for a person to look at.
"""

import re
from pathlib import Path

import pytest

from wangge.cases.models import Case
from wangge.cases.tests.conftest import COMMUNITY, WITH_REQUIRED
from wangge.cases.workflow import CaseState
from wangge.catalogue.services import catalogue_load_defaults
from wangge.workbench.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    SCREENSHOTS,
    watch_errors,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the server runs in its own.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def catalogue():
    """The shipped catalogue: a transactional test run before this one flushed the tables
    its data migration had filled."""
    catalogue_load_defaults()


def fits_the_screen(page) -> bool:
    """Whether the page needs no sideways scrolling."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def sign_in(browser, server: str, username: str, viewport: dict):
    """A fresh browser context signed in as `username`; returns its page and error list."""
    context = browser.new_context(
        viewport=viewport,
        locale="zh-CN",
        is_mobile=viewport is PHONE,
        has_touch=viewport is PHONE,
    )
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{server}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{server}/")
    return page, errors


@pytest.mark.django_db(transaction=True)
def test_a_grid_worker_reports_on_the_map_and_the_desk_registers_and_dispatches(
    live_server, browser, catalogue, people
):
    server = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # Given a grid worker on patrol, with a phone.
    worker, worker_errors = sign_in(browser, server, "worker", PHONE)
    worker.click(".site-nav a[href='/cases/new/']")
    worker.wait_for_selector("#intake-map.map--ready path.leaflet-interactive")
    assert worker.locator("#intake-map .leaflet-tile").count() == 0

    # When they choose the category, its questions come in; tapping the map sets the point.
    worker.select_option("#id_category", WITH_REQUIRED)
    worker.wait_for_selector("#id_attr_cover_type")
    worker.select_option("#id_attr_cover_type", "污水井盖")
    worker.locator("#intake-map").click()
    assert worker.input_value("#id_lon") != ""
    assert worker.locator("#intake-map path.leaflet-interactive").count() >= 2
    worker.fill("#id_description", "人行道上污水井盖缺失，已放置临时警示")
    worker.fill("#id_address", "经八路与纬五路交叉口东北角")
    assert fits_the_screen(worker)
    worker.screenshot(path=str(SCREENSHOTS / "case-new-phone.png"), full_page=True)
    worker.click("form.intake button[type=submit]")
    worker.wait_for_url(re.compile(rf"{server}/cases/\d{{14}}/$"))

    # Then the case stands reported in the worker's cell, its point on the map.
    case = Case.objects.get()
    assert (case.state, case.cell.code, case.channel) == (
        CaseState.REPORTED,
        "410102001001001",
        "patrol",
    )
    assert case.attributes == {"cover_type": "污水井盖"}
    worker.wait_for_selector(".case-map.map--ready path.leaflet-interactive")
    assert fits_the_screen(worker)
    worker.screenshot(path=str(SCREENSHOTS / "case-reported-phone.png"), full_page=True)
    assert worker_errors == []

    # When the community desk, at a desktop, opens its work and registers the case ...
    desk, desk_errors = sign_in(browser, server, "community_desk", DESKTOP)
    desk.click(".site-nav a[href='/cases/?mine=on']")
    desk.wait_for_selector(f"a.case-row__number:has-text('{case.number}')")
    desk.screenshot(path=str(SCREENSHOTS / "cases-my-work-desktop.png"), full_page=True)
    desk.click(f"a.case-row__number:has-text('{case.number}')")
    desk.wait_for_selector(".case-map.map--ready")
    desk.click("button[data-step=register]")
    # ... htmx swaps the case in place, now offering the dispatch with its suggestion.
    dispatch = desk.locator("details[data-step=dispatch]")
    dispatch.wait_for()
    dispatch.locator("summary").click()
    suggested = f"region:{COMMUNITY}"
    assert desk.input_value("#id_dispatch-unit") == suggested
    desk.fill("#id_dispatch-note", "请社区尽快补齐井盖")
    dispatch.locator("button[type=submit]").click()
    desk.wait_for_selector(".case-head .state--dispatched")
    desk.wait_for_selector(".case-map.map--ready path.leaflet-interactive")

    # Then the case is dispatched to the community, and the record says who did it.
    case.refresh_from_db()
    assert case.state == CaseState.DISPATCHED
    assert case.handler_region.code == COMMUNITY
    assert list(case.events.values_list("action", flat=True)) == [
        "report",
        "register",
        "dispatch",
    ]
    assert desk.locator(".timeline__item").count() == 3
    desk.screenshot(
        path=str(SCREENSHOTS / "case-dispatched-desktop.png"), full_page=True
    )

    desk.set_viewport_size(PHONE)
    desk.reload()
    desk.wait_for_selector(".case-map.map--ready")
    assert fits_the_screen(desk)
    desk.screenshot(path=str(SCREENSHOTS / "case-dispatched-phone.png"), full_page=True)
    desk.goto(f"{server}/cases/")
    assert fits_the_screen(desk)
    desk.screenshot(path=str(SCREENSHOTS / "cases-phone.png"), full_page=True)
    desk.set_viewport_size(DESKTOP)
    desk.goto(f"{server}/cases/new/")
    desk.wait_for_selector("#intake-map.map--ready")
    desk.screenshot(path=str(SCREENSHOTS / "case-new-desktop.png"), full_page=True)
    desk.goto(f"{server}/ledger/")
    desk.screenshot(path=str(SCREENSHOTS / "ledger-desktop.png"), full_page=True)
    assert desk_errors == []


# Recorded in the page itself: a CSP violation is an event even when nothing is logged.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.mark.django_db(transaction=True)
def test_htmx_step_forms_log_no_console_error_and_no_csp_violation(
    live_server, browser, catalogue, tree, people
):
    from wangge.cases.tests.steps import file_case

    case = file_case(tree, people.resident)
    desk, errors = sign_in(browser, live_server.url, "community_desk", DESKTOP)
    desk.context.add_init_script(RECORD_CSP_VIOLATIONS)
    desk.goto(f"{live_server.url}{case.get_absolute_url()}")
    desk.wait_for_selector(".case-map.map--ready")

    # A step the service refuses comes back in place with its reason ...
    reject = desk.locator("details[data-step=reject]")
    reject.locator("summary").click()
    reject.locator("textarea").fill("   ")
    reject.locator("button[type=submit]").click()
    desk.wait_for_selector("details[data-step=reject] .errorlist, .messages__item")
    # (the browser itself logs the refusal's 422 as a failed load: nothing else may be)
    assert all("status of 422" in error for error in errors)
    errors.clear()
    # ... and one it accepts swaps the case in place.
    reject = desk.locator("details[data-step=reject]")
    if not reject.evaluate("element => element.open"):
        reject.locator("summary").click()
    reject.locator("textarea").fill("不属于平台受理范围")
    reject.locator("button[type=submit]").click()
    desk.wait_for_selector(".case-head .state--rejected")
    desk.wait_for_selector(".case-map.map--ready")

    assert desk.evaluate("window.cspViolations") == []
    assert errors == []
