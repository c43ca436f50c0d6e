"""A real browser signs in, opens a region page, reads its map and switches to English.

Drives Debian's Chromium through Playwright (no downloaded browser). Screenshots land in
var/screenshots/ for a person to look at.
"""

from pathlib import Path

import pytest
from django.conf import settings

from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.regions.tests.factories import build_tree

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
PASSWORD = "pass-Word-42"  # the factories' password
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
]


@pytest.fixture
def chromium(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # writes happen before it starts, the server's in its own thread.
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


@pytest.mark.django_db(transaction=True)
def test_a_township_head_signs_in_reads_the_map_and_switches_to_english(
    live_server, chromium
):
    tree = build_tree()
    head = staff("township-head", Role.FIRST_RESPONSIBLE, tree["410102001"])
    head.display_name = "张镇长"
    head.phone = "13800001234"
    head.save()
    for code, role, name in (
        ("410102001001", Role.COMMUNITY_SECRETARY, "李书记"),
        ("410102001002", Role.COMMUNITY_SECRETARY, "王书记"),
    ):
        person = staff(f"secretary-{code}", role, tree[code])
        person.display_name = name
        person.save()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=str(SCREENSHOTS / "login-zh-hans.png"))
    page.fill("#id_username", "township-head")
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{live_server.url}/")
    page.fill("#region-search", "410102001002")
    page.wait_for_selector("#region-search-results a[href='/regions/410102001002/']")
    page.screenshot(path=str(SCREENSHOTS / "home-zh-hans.png"), full_page=True)

    page.goto(f"{live_server.url}/regions/410102001/")
    page.wait_for_selector("#region-map.region-map--ready path.leaflet-interactive")
    # The township's outline and its two communities, as SVG paths with real geometry.
    shapes = page.locator("#region-map svg path")
    assert shapes.count() == 3
    assert all(
        len(d or "") > 10
        for d in shapes.evaluate_all("ps => ps.map(p => p.getAttribute('d'))")
    )
    assert page.locator("#region-map .leaflet-tile").count() == 0
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.screenshot(path=str(SCREENSHOTS / "region-zh-hans.png"), full_page=True)

    page.click("button.lang__option[value='en']")
    page.wait_for_selector("html[lang='en']")
    page.wait_for_selector("#region-map.region-map--ready path.leaflet-interactive")
    assert page.url == f"{live_server.url}/regions/410102001/"
    assert page.get_by_text("Who answers for it").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "region-en.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("#region-map.region-map--ready path.leaflet-interactive")
    page.screenshot(path=str(SCREENSHOTS / "region-en-phone.png"), full_page=True)

    page.locator("#region-map path.leaflet-interactive").nth(1).click()
    page.wait_for_url(f"{live_server.url}/regions/410102001001/")
    assert errors == []
