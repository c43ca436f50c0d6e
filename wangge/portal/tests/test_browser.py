"""A resident reports on the map, follows the report and rates it once it is closed; the
public board of a cell shows its grid chief with an office phone and no private phone.

Drives Debian's Chromium through Playwright; screenshots land in var/screenshots/.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from wangge.cases.models import Case
from wangge.people.models import Post
from wangge.portal.models import PublicContact
from wangge.portal.tests.conftest import CELL, CHIEF_PRIVATE_PHONE, OFFICE_PHONE, close

CHROMIUM = "/usr/lib/chromium/chromium"
# The launch arguments of the workbench's browser tests (which the portal may not import).
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


@pytest.fixture
def chromium(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def watch_errors(page) -> list[str]:
    """Console errors (CSP violations among them) and uncaught page errors."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_a_resident_reports_follows_and_rates(live_server, chromium, tree, people):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    errors = watch_errors(page)

    page.goto(f"{live_server.url}/report/")
    page.wait_for_selector("#report-map.report-map--ready path")
    page.locator("#report-map").click(position={"x": 195, "y": 180})
    page.wait_for_selector("#place:not(:empty)")
    assert page.input_value("#id_lon")
    # Typed coordinates move the marker too: the grid cell whose staff stand by.
    cell = tree[CELL]
    page.fill("#id_lon", str(cell.centroid_lon))
    page.fill("#id_lat", str(cell.centroid_lat))
    page.dispatch_event("#id_lat", "change")
    page.wait_for_selector(f"#place:has-text('{cell.name}')")
    page.fill("#category-search", "E0605")
    assert page.input_value("#id_category") == "E0605"  # the one match is chosen
    page.fill("#id_description", "小区门口的路灯不亮了")
    page.screenshot(path=str(SCREENSHOTS / "portal-report-phone.png"), full_page=True)
    page.click("#send-report")
    page.wait_for_selector(".receipt__code")
    number = page.inner_text(".receipt__number")
    code = page.inner_text(".receipt__code")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    page.screenshot(path=str(SCREENSHOTS / "portal-receipt.png"), full_page=True)

    page.click(".receipt form button[type=submit]")
    page.wait_for_selector(".state")
    assert page.locator(".state--reported").count() == 1

    # Meanwhile the platform handles the case and closes it.
    with transaction.atomic():
        close(Case.objects.get(number=number), people)

    page.goto(f"{live_server.url}/track/")
    page.fill("#id_number", number)
    page.fill("#id_code", code.lower())
    page.click("main form button[type=submit]")
    page.wait_for_selector("input[name=satisfaction]")
    page.screenshot(path=str(SCREENSHOTS / "portal-track-closed.png"), full_page=True)
    page.check("input[name=satisfaction][value=satisfied]")
    page.click("form[action='/track/rate/'] button[type=submit]")
    page.wait_for_selector(".alert--success")
    assert Case.objects.get(number=number).satisfaction == "satisfied"
    page.screenshot(path=str(SCREENSHOTS / "portal-rated.png"), full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_public_board_of_a_cell_shows_its_grid_chief_without_a_private_phone(
    live_server, chromium, tree, people
):
    people.chief.display_name = "赵网格长"
    people.chief.phone = CHIEF_PRIVATE_PHONE
    people.chief.save()
    PublicContact.objects.create(
        post=Post.objects.get(user=people.chief), office_phone=OFFICE_PHONE
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors = watch_errors(page)

    page.goto(f"{live_server.url}/public/regions/{CELL}/")
    assert page.get_by_text("赵网格长").is_visible()
    assert OFFICE_PHONE in page.content() and CHIEF_PRIVATE_PHONE not in page.content()
    page.screenshot(path=str(SCREENSHOTS / "portal-board-cell.png"), full_page=True)

    page.click(f"a[href='/public/regions/{CELL}/poster/']")
    page.wait_for_selector("svg.segno")
    assert page.locator("svg.segno").count() == 2
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "portal-poster-print.png"), full_page=True)
    assert errors == []
