"""Every page there is, in a real browser, in Chinese and in English: no serious or
critical axe-core violation, no console error, no CSP violation.

A new page joins with one line in PAGES: its name, its path (fields of `Story` in braces)
and who opens it (a name of the standing `people`, "admin", or None for anyone).
Screenshots land in var/screenshots/pages-NAME-LANGUAGE.png.
"""

from dataclasses import dataclass
from pprint import pformat
from types import SimpleNamespace

import pytest

from wangge.catalogue.services import catalogue_load_defaults
from wangge.core.tests.browser import (
    DESKTOP,
    PHONE,
    Watch,
    fits_the_screen,
    needs_chromium,
    open_page,
    screenshot,
    serious_violations,
)
from wangge.notifications.tests.factories import NotificationFactory
from wangge.people.tests.factories import UserFactory
from wangge.workbench.tests.casework import closed, dispatched, file_case

pytestmark = [
    *needs_chromium,
    pytest.mark.django_db(transaction=True),
]


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    who: str | None
    ready: str = "main"  # a selector present once the page has drawn what it shows
    status: int = 200


PAGES = [
    Visit("login", "/accounts/login/", None),
    Visit("home", "/", "community_desk"),
    Visit("region-search", "/regions/search/?q=410102001", "first_responsible"),
    Visit("region", "/regions/410102001/", "first_responsible", ".region-map--ready"),
    Visit("case-list", "/cases/", "community_desk", ".case-table, table"),
    Visit("case-detail", "/cases/{case}/", "community_desk"),
    Visit("case-intake", "/cases/new/", "worker", ".leaflet-container"),
    Visit("ledger", "/ledger/", "community_desk"),
    Visit("case-imports", "/imports/", "city_desk"),
    Visit("inbox", "/inbox/", "community_desk"),
    Visit("webhooks", "/webhooks/", "district_handler"),
    Visit("admin", "/admin/", "admin", "#content"),
    Visit("audit", "/audit/", "admin", ".audit-table, .empty"),
    Visit("api-docs", "/api/v1/docs", None, ".swagger-ui .info"),
    Visit("not-found", "/no-such-page/", "community_desk", status=404),
]


@pytest.fixture
def story(tree, people):
    """Cases at every stage in the standing cell, an inbox item and an administrator."""
    catalogue_load_defaults()
    case = dispatched(tree, people)
    closed(tree, people, description="路灯不亮，已修好")
    file_case(tree, people.resident, description="小区门口井盖松动")
    NotificationFactory(
        recipient=people.community_desk, title="派遣给您的事件", case=case
    )
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    return SimpleNamespace(case=case.number, users={**vars(people), "admin": admin})


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
def test_every_page_passes_the_axe_scan_without_console_errors(
    live_server, chromium, story, language
):
    found = {}
    for visit in PAGES:
        page = open_page(
            chromium,
            live_server.url,
            user=story.users.get(visit.who),
            language=language,
        )
        watch = Watch(page)
        response = page.goto(live_server.url + visit.path.format(case=story.case))
        assert response.status == visit.status, visit.name
        page.wait_for_selector(visit.ready)
        problems = serious_violations(page) + watch.problems
        screenshot(page, f"pages-{visit.name}-{language[:2]}")
        if problems:
            found[visit.name] = problems
        page.context.close()
    assert found == {}, pformat(found, width=120)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_layout_fits_phones_and_desktops_and_the_keyboard_reaches_the_nav(
    live_server, chromium, story, viewport
):
    page = open_page(
        chromium, live_server.url, user=story.users["community_desk"], viewport=viewport
    )
    watch = Watch(page)
    page.goto(f"{live_server.url}/cases/")

    assert fits_the_screen(page)
    # The first Tab shows the skip link.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    assert outline_width(page) >= 2
    # Tabbing on reaches every link of the main navigation, each with a visible focus ring.
    nav_links = page.locator(".site-nav a:visible").count()
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "document.activeElement.closest('.site-nav') && document.activeElement.getAttribute('href')"
        )
        if href:
            reached.add(href)
            assert outline_width(page) >= 2
    assert len(reached) == nav_links
    # Chinese text is drawn with the bundled web font, not whatever the machine has.
    assert page.evaluate(FONT_LOADED)
    name = "phone" if viewport == PHONE else "desktop"
    screenshot(page, f"layout-case-list-{name}", full_page=False)
    assert watch.problems == []


def test_the_reader_switches_to_english_and_back(live_server, chromium, story):
    page = open_page(chromium, live_server.url, user=story.users["community_desk"])
    watch = Watch(page)
    page.goto(f"{live_server.url}/cases/?mine=on")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator(".site-nav").get_by_text("事件管理").is_visible()

    page.click("button.lang__option[value='en']")
    page.wait_for_selector("html[lang='en']")
    assert page.url == f"{live_server.url}/cases/?mine=on"
    assert page.locator(".site-nav").get_by_text("Cases", exact=True).is_visible()
    screenshot(page, "language-case-list-en")

    page.click("button.lang__option[value='zh-hans']")
    page.wait_for_selector("html[lang='zh-hans']")
    assert page.url == f"{live_server.url}/cases/?mine=on"
    assert page.locator(".site-nav").get_by_text("事件管理").is_visible()
    assert watch.problems == []


FONT_LOADED = """async () => {
  await document.fonts.ready;
  return [...document.fonts].some(
    (face) => face.family.replaceAll('"', "") === "Noto Sans SC" && face.status === "loaded"
  );
}"""


def outline_width(page) -> float:
    return page.evaluate(
        "parseFloat(getComputedStyle(document.activeElement).outlineWidth) || 0"
    )
