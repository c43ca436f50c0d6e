"""A real browser signs in, opens a region page, reads its map and switches to English.

Drives Debian's Chromium through Playwright (no downloaded browser). Screenshots land in
var/screenshots/ for a person to look at.
"""

import pytest

from wangge.core.tests.browser import (  # noqa: F401 (the names other browser tests import)
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    Watch,
    needs_chromium,
    screenshot,
)
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.regions.tests.factories import build_tree

PASSWORD = "pass-Word-42"  # the factories' password

pytestmark = needs_chromium


def watch_errors(page) -> list[str]:
    """Console errors, uncaught page errors and CSP violations, as they happen."""
    return Watch(page).problems


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

    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "login-zh-hans", full_page=False)
    page.fill("#id_username", "township-head")
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{live_server.url}/")
    page.fill("#region-search", "410102001002")
    page.wait_for_selector("#region-search-results a[href='/regions/410102001002/']")
    screenshot(page, "home-zh-hans")

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
    screenshot(page, "region-zh-hans")

    page.click("button.lang__option[value='en']")
    page.wait_for_selector("html[lang='en']")
    page.wait_for_selector("#region-map.region-map--ready path.leaflet-interactive")
    assert page.url == f"{live_server.url}/regions/410102001/"
    assert page.get_by_text("Who answers for it").is_visible()
    screenshot(page, "region-en")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector("#region-map.region-map--ready path.leaflet-interactive")
    screenshot(page, "region-en-phone")

    page.locator("#region-map path.leaflet-interactive").nth(1).click()
    page.wait_for_url(f"{live_server.url}/regions/410102001001/")
    assert errors == []
