"""A real phone: a grid worker reports a problem with a photo, loses the network in the
middle of sending it, sends it again without making a second case, and verifies a case
with a photo taken on site.

Drives Debian's Chromium through Playwright (see test_browser.py) on a 390×844 screen.
Screenshots land in var/screenshots/.
"""

import pytest

from wangge.cases.models import Case, CaseAttachment, IdempotencyRecord
from wangge.cases.tests.conftest import CELL, TERRITORIAL
from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.patrols.models import Patrol
from wangge.workbench.tests.casework import handled, png
from wangge.workbench.tests.test_browser import PASSWORD, SCREENSHOTS, watch_errors
from wangge.workbench.tests.test_browser_cases import (
    PHONE,
    RECORD_CSP_VIOLATIONS,
    browser,  # noqa: F401
    catalogue,  # noqa: F401
    fits_the_screen,
)

pytestmark = [pytest.mark.browser]

# What the browser itself logs about the connection the test cuts: nothing else may be.
CUT_CONNECTION = "net::ERR_CONNECTION_RESET"


def photo(name: str) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": png(64)}


@pytest.mark.django_db(transaction=True)
def test_a_grid_worker_reports_offline_retries_without_a_duplicate_and_verifies(
    live_server,
    browser,  # noqa: F811
    catalogue,  # noqa: F811
    tree,
    people,
):
    server = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    to_verify = handled(tree, people)
    cell = tree[CELL]
    # Given a grid worker's phone standing in their cell, its position allowed.
    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": cell.centroid_lon, "latitude": cell.centroid_lat},
        permissions=["geolocation"],
    )
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{server}/accounts/login/")
    page.fill("#id_username", "worker")
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{server}/")

    page.goto(f"{server}/m/")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert page.locator(f"a[href='/m/cases/{to_verify.number}/verify/']").count() == 1
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "phone-today.png"), full_page=True)

    # When they report: the position comes by itself, with the cell and its grid chief;
    # the category is found by typing; the photo comes from the camera input.
    page.click("a.phone-big[href='/m/report/']")
    page.wait_for_selector("#place-context .place-context")
    assert page.input_value("#id_lon") != ""
    page.fill("#category-search", TERRITORIAL)
    page.click(f".category-hit[data-code='{TERRITORIAL}']")
    assert page.input_value("#id_category") == TERRITORIAL
    page.fill("#id_description", "小区门口路灯不亮，夜间行人看不清台阶")
    page.set_input_files("#id_photos", photo("lamp.png"))
    assert page.get_attribute("#id_photos", "capture") == "environment"
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "phone-report.png"), full_page=True)

    # ... and the connection drops after the server took the report, before its answer.
    def cut_after_sending(route):
        if route.request.method == "POST":
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/m/report/", cut_after_sending)
    page.click("form[data-draft-form] button[type=submit]")
    page.wait_for_selector("#draft-kept")
    page.wait_for_selector("#drafts:not([hidden])")
    # (the in-memory SQLite of the tests is one connection's: read it while the server rests)
    page.wait_for_load_state("networkidle")
    page.screenshot(
        path=str(SCREENSHOTS / "phone-report-draft-kept.png"), full_page=True
    )
    assert Case.objects.filter(channel="patrol").count() == 1
    page.unroute("**/m/report/")

    # Then, back online, the draft goes again with its key and no second case is made.
    context.set_offline(True)
    context.set_offline(False)
    page.wait_for_selector("#drafts[hidden]", state="attached")
    page.wait_for_load_state("networkidle")
    reported = Case.objects.get(channel="patrol")
    assert Case.objects.filter(channel="patrol").count() == 1
    assert IdempotencyRecord.objects.filter(case=reported).count() == 1
    assert reported.cell.code == CELL
    assert CaseAttachment.objects.filter(case=reported, stage="before").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "phone-report-sent.png"), full_page=True)

    # When they verify the handled case with a photo taken on site, it is closed.
    page.goto(f"{server}/m/")
    page.click(f"a[href='/m/cases/{to_verify.number}/verify/']")
    page.set_input_files("#id_photo", photo("done.png"))
    assert page.get_attribute("#id_photo", "capture") == "environment"
    page.screenshot(path=str(SCREENSHOTS / "phone-verify.png"), full_page=True)
    page.click("button[name=outcome][value=pass]")
    page.wait_for_url(f"{server}/m/")
    to_verify.refresh_from_db()
    assert to_verify.state == CaseState.CLOSED
    page.screenshot(path=str(SCREENSHOTS / "phone-verified.png"), full_page=True)

    assert page.evaluate("window.cspViolations") == []
    assert [e for e in errors if CUT_CONNECTION not in e] == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_grid_worker_patrols_with_the_phones_position_and_checks_in(
    live_server,
    browser,  # noqa: F811
    catalogue,  # noqa: F811
    tree,
    people,
):
    server = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    cell = tree[CELL]
    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        is_mobile=True,
        has_touch=True,
        geolocation={"longitude": cell.centroid_lon, "latitude": cell.centroid_lat},
        permissions=["geolocation"],
    )
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    # The phone's clock agrees with the server's (moved to a Monday morning by `people`):
    # track points carry the phone's time, and the patrol refuses times in its future.
    context.clock.install(time=clock.now())
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{server}/accounts/login/?next=/m/patrol/")
    page.fill("#id_username", "worker")
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{server}/m/patrol/")

    # When they start a patrol, the page records where the phone is.
    page.click("form[action='/m/patrol/start/'] button[type=submit]")
    page.wait_for_selector("#patrol-map.map--ready")
    page.wait_for_function(
        "document.getElementById('track-status').textContent.length > 0"
    )
    page.fill("#id_place", "3号楼")
    page.fill("#id_note", "消防通道畅通")
    page.click("form[data-check-in] button[type=submit]")
    page.wait_for_selector(".phone-list li")
    assert fits_the_screen(page)
    page.screenshot(path=str(SCREENSHOTS / "phone-patrol.png"), full_page=True)

    # Then ending it sends the last points first, and the walk is on record.
    page.click("[data-end-patrol]")
    page.wait_for_url(f"{server}/m/")
    page.wait_for_load_state("networkidle")
    patrol = Patrol.objects.get()
    assert not patrol.is_open
    assert patrol.points.count() >= 1
    check_in = patrol.check_ins.get()
    assert (check_in.place, check_in.note) == ("3号楼", "消防通道畅通")
    assert abs(check_in.lon - cell.centroid_lon) < 1e-6
    page.goto(f"{server}{patrol.get_absolute_url()}")
    page.wait_for_selector("#patrol-map.map--ready")
    page.screenshot(path=str(SCREENSHOTS / "phone-patrol-ended.png"), full_page=True)
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    context.close()
