"""A district desk opens a community's assessment in a real browser: the trend is drawn
(ECharts, from json_script data) without a console error or CSP violation."""

import datetime as dt

import pytest

from wangge.assessment.models import Snapshot, SnapshotRow, UnitKind
from wangge.core import clock
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.regions.tests.factories import build_tree
from wangge.workbench.tests.test_browser import (  # noqa: F401 (fixture)
    PASSWORD,
    SCREENSHOTS,
    pytestmark,
    watch_errors,
)


@pytest.mark.django_db(transaction=True)
def test_a_desk_reads_a_communitys_score_and_its_trend(live_server, chromium):  # noqa: F811
    tree = build_tree()
    staff("district-desk", Role.DESK, tree["410102"])
    community = tree["410102001001"]
    row = None
    for month, total in ((9, 71.5), (10, 83.0), (11, 88.25)):
        snapshot = Snapshot.objects.create(
            period="month",
            starts_on=dt.date(2026, month, 1),
            ends_on=dt.date(2026, month + 1, 1),
            computed_at=clock.now(),
            published_at=clock.now(),
        )
        row = SnapshotRow.objects.create(
            snapshot=snapshot,
            unit_kind=UnitKind.COMMUNITY,
            region=community,
            name=community.name,
            path=community.path,
            counts={"reported": 10, "closed": 8},
            rates={"closing_rate": 0.8},
            points={"closing_rate": 80.0},
            weighted=total,
            total=total,
            rank=1,
            mark="green" if total >= 85 else "yellow",
        )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "district-desk")
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/assessment/rows/{row.pk}/")
    page.wait_for_selector("#assessment-trend svg path", state="attached")
    # axes, grid lines and the line of the three scores
    assert page.locator("#assessment-trend svg path").count() > 3
    page.screenshot(
        path=str(SCREENSHOTS / "assessment-row-zh-hans.png"), full_page=True
    )
    page.goto(
        f"{live_server.url}/assessment/snapshots/{row.snapshot_id}/?kind=community"
    )
    assert page.get_by_text(community.name).count() >= 1
    page.screenshot(
        path=str(SCREENSHOTS / "assessment-snapshot-zh-hans.png"), full_page=True
    )
    assert errors == []
