# ruff: noqa: F811 (the fixtures imported below are the arguments of the tests)
"""A city leader's command dashboard in a real browser: the map of the regions below, the
charts, and totals equal to the ledger's; then a drill-down to a community's cells."""

import pytest

from wangge.cases.ledger import ledger_rows
from wangge.workbench.tests.casework import closed, file_case
from wangge.workbench.tests.test_browser import (
    PASSWORD,
    SCREENSHOTS,
    pytestmark,  # noqa: F401
    watch_errors,
)

SIBLING_CELL = "410103001001001"


def _chart_sum(page, element_id: str) -> int:
    """The sum of the first series of an ECharts chart, as the browser holds it."""
    return page.evaluate(
        """id => echarts.getInstanceByDom(document.getElementById(id))
                 .getOption().series[0].data
                 .reduce((n, d) => n + (typeof d === 'object' ? d.value : d), 0)""",
        element_id,
    )


@pytest.mark.django_db(transaction=True)
def test_a_leaders_dashboard_shows_the_cells_and_charts_with_the_ledgers_totals(
    live_server,
    chromium,
    tree,
    people,
):
    file_case(tree, people.resident)
    file_case(tree, people.resident, cell=SIBLING_CELL)
    closed(tree, people)
    rows = list(ledger_rows(people.leader, tree["410100"]))
    people.leader.set_password(PASSWORD)
    people.leader.save()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", people.leader.username)
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{live_server.url}/")
    page.click("a.site-nav__link[href='/dashboard/']")
    page.wait_for_selector(
        "#dashboard-map.dashboard-map--ready path.leaflet-interactive"
    )
    page.wait_for_selector("#chart-trend canvas")

    # The city's outline and its two districts, coloured; no tile without a tile server.
    assert page.locator("#dashboard-map path.leaflet-interactive").count() >= 3
    assert page.locator("#dashboard-map .leaflet-tile").count() == 0
    assert page.locator("[data-total=reported]").inner_text() == str(len(rows))
    for chart in ("chart-trend", "chart-category", "chart-channel"):
        assert _chart_sum(page, chart) == len(rows), chart
    assert _chart_sum(page, "chart-funnel") >= len(rows)  # the funnel's first step
    assert _chart_sum(page, "chart-satisfaction") == 0
    page.screenshot(path=str(SCREENSHOTS / "dashboard-city.png"), full_page=True)

    # Down to a community: its cells are the shapes, the breadcrumb leads back.
    page.goto(f"{live_server.url}/dashboard/?region=410102001001")
    page.wait_for_selector(
        "#dashboard-map.dashboard-map--ready path.leaflet-interactive"
    )
    community_rows = list(ledger_rows(people.leader, tree["410102001001"]))
    assert page.locator("[data-total=reported]").inner_text() == str(
        len(community_rows)
    )
    assert page.locator("#dashboard-children tbody tr").count() == 2  # its two cells
    page.screenshot(path=str(SCREENSHOTS / "dashboard-community.png"), full_page=True)
    page.click(".breadcrumb a[href*='region=410100&']")
    page.wait_for_selector("#dashboard-map.dashboard-map--ready")

    page.goto(f"{live_server.url}/dashboard/?wall=1")
    page.wait_for_selector("#chart-ranking canvas")
    assert not page.locator(".site-header").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-wall.png"))
    assert errors == []
