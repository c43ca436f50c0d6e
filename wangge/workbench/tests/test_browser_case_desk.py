"""A real browser: the community desk sees its work on the home page, checks several
registered cases in the list and dispatches them in one go.

Drives Debian's Chromium through Playwright (see test_browser.py). Screenshots land in
var/screenshots/ for a person to look at.
"""

from pathlib import Path

import pytest

from wangge.cases.models import Case
from wangge.cases.workflow import CaseState
from wangge.workbench.tests import test_browser_cases as browsing
from wangge.workbench.tests.casework import act, file_case
from wangge.workbench.tests.test_browser import CHROMIUM, SCREENSHOTS
from wangge.workbench.tests.test_browser_cases import DESKTOP, sign_in

# The browser and the shipped catalogue, as the case pages' browser test has them.
browser = browsing.browser
catalogue = browsing.catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_a_desk_bulk_dispatches_several_cases_from_the_list(
    live_server,
    browser,
    catalogue,
    tree,
    people,
):
    server = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Given three registered cases and one fresh report at the community's desk.
    cases = [
        act(
            file_case(tree, people.resident, description=f"第{n}处楼道堆物"),
            "register",
            people.community_desk,
        )
        for n in range(3)
    ]
    fresh = file_case(tree, people.resident, description="路灯不亮")

    # The home page counts the four waiting for the desk and lists them.
    desk, errors = sign_in(browser, server, "community_desk", DESKTOP)
    desk.wait_for_selector(".work-figure")
    assert desk.locator(".work-figure").first.inner_text().startswith("4")
    desk.screenshot(path=str(SCREENSHOTS / "home-desk-desktop.png"), full_page=True)

    # When the desk lists the registered cases, checks them all and dispatches ...
    desk.goto(f"{server}/cases/?state=registered&sort=number")
    desk.wait_for_selector("#bulk-form")
    assert desk.locator("[data-bulk-submit]").is_disabled()
    desk.check("[data-bulk-all]")
    assert desk.inner_text("[data-bulk-count]") == "3"
    desk.select_option("#bulk-form select[name=action]", "dispatch")
    assert desk.locator("[data-bulk-dispatch]").is_visible()
    desk.screenshot(path=str(SCREENSHOTS / "cases-bulk-desktop.png"), full_page=True)
    desk.click("[data-bulk-submit]")

    # ... then each is dispatched, and the results say so case by case.
    desk.wait_for_selector(".bulk-results__table")
    assert desk.locator(".bulk-results__row--done").count() == 3
    desk.screenshot(
        path=str(SCREENSHOTS / "cases-bulk-done-desktop.png"), full_page=True
    )
    states = {c.state for c in Case.objects.filter(pk__in=[c.pk for c in cases])}
    assert states == {CaseState.DISPATCHED}
    assert Case.objects.get(pk=fresh.pk).state == CaseState.REPORTED
    assert errors == []
