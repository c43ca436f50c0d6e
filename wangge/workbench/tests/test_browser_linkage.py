"""A township head reads the chain of a cell and a determination's page in a real browser,
without a console error (CSP violations show there)."""

import datetime

import pytest

from wangge.linkage.models import Contract, ContractKind
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff
from wangge.regions.tests.factories import build_tree
from wangge.workbench.tests import test_browser as browser

pytestmark = browser.pytestmark


@pytest.mark.django_db(transaction=True)
def test_a_township_head_reads_the_chain_of_a_cell(live_server, chromium):
    tree = build_tree()
    staff("township-head", Role.FIRST_RESPONSIBLE, tree["410102001"])
    staff("chief", Role.GRID_CHIEF, tree["410102001001001"])
    cadre = UserFactory(username="cadre", display_name="社区干部丁")
    Contract.objects.create(
        kind=ContractKind.COMMUNITY_CADRE,
        region=tree["410102001001001"],
        person=cadre,
        valid_from=datetime.date(2026, 1, 1),
    )
    browser.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors = browser.watch_errors(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "township-head")
    page.fill("#id_password", browser.PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/linkage/responsibility/410102001001001/")

    assert page.locator("ol.chain > li").count() == 5
    assert page.get_by_text("社区干部丁").is_visible()
    page.screenshot(
        path=str(browser.SCREENSHOTS / "linkage-chain-zh-hans.png"), full_page=True
    )
    page.goto(f"{live_server.url}/linkage/")
    page.screenshot(
        path=str(browser.SCREENSHOTS / "linkage-index-zh-hans.png"), full_page=True
    )
    assert errors == []
