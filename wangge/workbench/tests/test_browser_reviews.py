"""A real browser: the city office reads a special review and a campaign board, charts drawn.

The same Chromium set-up as `test_browser.py`; screenshots land in var/screenshots/.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from wangge.cases.services import Report, case_create
from wangge.catalogue.choices import DepartmentKind
from wangge.core import clock
from wangge.people.models import Department
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.regions.tests.factories import build_tree
from wangge.reviews.services import (
    campaign_create,
    campaign_target_set,
    project_add,
    review_open,
    review_task_assign,
)
from wangge.workbench.tests.test_browser import (  # noqa: F401
    CHROMIUM,
    PASSWORD,
    SCREENSHOTS,
    pytestmark,
    watch_errors,
)

CELL = "410102001001001"


@pytest.mark.django_db(transaction=True)
def test_the_city_office_reads_a_review_and_a_campaign_with_their_charts(
    live_server,
    chromium,  # noqa: F811
):
    tree = build_tree()
    office = staff("office", Role.CITY_OFFICE, tree["410100"])
    worker = staff("worker", Role.GRID_WORKER, tree[CELL])
    department = Department.objects.create(
        code="zz-cgj",
        name="郑州市城市管理局",
        kind=DepartmentKind.URBAN_MANAGEMENT,
        region=tree["410100"],
    )
    cell = tree[CELL]
    cases = [
        case_create(
            report=Report(
                category="E0605",
                description=f"楼道堆物 {i}",
                lon=cell.centroid_lon,
                lat=cell.centroid_lat,
                channel="patrol",
            ),
            actor=worker,
        ).case
        for i in range(4)
    ]
    review = review_open(
        actor=office,
        title="楼道堆物专项研判",
        region=tree["410102"],
        case_ids=[c.pk for c in cases],
    )
    review_task_assign(
        review=review,
        actor=office,
        department=department,
        title="全市清理",
        working_days=5,
    )
    today = timezone.localdate(clock.now())
    campaign = campaign_create(
        actor=office,
        code="sweep",
        name="集中排查治理",
        region=tree["410100"],
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=200),
        areas=[("非法建设", ["Z0302"]), ("公共管理", ["Z0702"])],
    )
    for code in ("410102", "410103"):
        campaign_target_set(
            campaign=campaign, actor=office, region=tree[code], cells_to_inspect=6
        )
    project_add(
        campaign=campaign,
        actor=office,
        name="背街小巷改造",
        unit="条",
        target=40,
        department=department,
    )

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("form .button--block")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    page.wait_for_selector(".chart[data-chart='weekly'] svg")
    assert page.locator("h1").inner_text() == "楼道堆物专项研判"
    page.screenshot(path=str(SCREENSHOTS / "review-zh-hans.png"), full_page=True)

    page.goto(f"{live_server.url}/campaigns/sweep/")
    page.wait_for_selector(".chart[data-chart='progress'] svg")
    page.screenshot(path=str(SCREENSHOTS / "campaign-zh-hans.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_selector(".chart[data-chart='progress'] svg")
    page.screenshot(
        path=str(SCREENSHOTS / "campaign-zh-hans-phone.png"), full_page=True
    )
    assert errors == []
