"""REST v1 of reviews and campaigns: HTTP behaviour and jurisdiction."""

import pytest

from wangge.reviews.models import Campaign, CampaignInspection, Review
from wangge.reviews.services import review_open
from wangge.reviews.tests.conftest import CELL, DISTRICT

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(office, tree):
    return review_open(actor=office, title="楼道堆物", region=tree[DISTRICT])


def test_the_office_opens_a_review_by_hand(clients, people, report_case):
    case = report_case(people.worker)
    response = clients.office.post(
        "/reviews",
        {
            "title": "楼道堆物",
            "region": DISTRICT,
            "category": "E0605",
            "cases": [case.pk],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [c["number"] for c in body["cases"]] == [case.number]
    assert len(body["chart"]["counts"]) == 12


def test_the_office_opens_a_review_from_a_candidate(clients, people, report_case):
    for i in range(6):
        report_case(people.worker, description=f"堆物 {i}")
    candidates = clients.office.get("/reviews/candidates").json()["items"]
    spike = next(c for c in candidates if c["kind"] == "spike")
    response = clients.office.post(
        "/reviews", {"title": "激增", "candidate": spike["key"]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["trigger"] == "spike"
    assert len(response.json()["cases"]) == 6


def test_an_unknown_candidate_is_refused_naming_the_field(clients):
    response = clients.office.post("/reviews", {"title": "t", "candidate": "spike:x"})
    assert response.status_code == 400
    assert "candidate" in response.json()["errors"]


def test_a_district_desk_reads_but_may_not_open_reviews(clients, review):
    assert clients.district_desk.get(f"/reviews/{review.pk}").status_code == 200
    response = clients.district_desk.post(
        "/reviews", {"title": "t", "region": DISTRICT}
    )
    assert response.status_code == 403
    assert Review.objects.count() == 1


def test_outsider_gets_404_on_every_review_endpoint_and_changes_nothing(
    clients, review, office, departments
):
    task = clients.office.post(
        f"/reviews/{review.pk}/tasks",
        {"department": departments.city.code, "title": "清理", "working_days": 3},
    ).json()
    outsider = clients.outsider
    assert outsider.get(f"/reviews/{review.pk}").status_code == 404
    assert outsider.get("/reviews").json() == {"count": 0, "items": []}
    for path, body in [
        (
            f"/reviews/{review.pk}/minutes",
            {"held_at": "2026-11-30T10:00:00+08:00", "attendees": "a", "text": "b"},
        ),
        (
            f"/reviews/{review.pk}/decisions",
            {
                "kind": "government_meeting",
                "title": "t",
                "text": "t",
                "decided_on": "2026-11-30",
            },
        ),
        (f"/reviews/{review.pk}/close", {"conclusion": "x"}),
        (f"/reviews/tasks/{task['id']}/report", {"report": "x"}),
    ]:
        assert outsider.post(path, body).status_code == 404, path
    review.refresh_from_db()
    assert review.minutes.count() == 0 and review.state == "open"


def test_the_department_reports_its_task_over_the_api(clients, review, departments):
    task = clients.office.post(
        f"/reviews/{review.pk}/tasks",
        {"department": departments.city.code, "title": "清理", "working_days": 3},
    ).json()
    assert task["overdue"] is False
    response = clients.city_handler.post(
        f"/reviews/tasks/{task['id']}/report", {"report": "已完成"}
    )
    assert response.status_code == 200
    assert response.json()["state"] == "done"


def test_an_unknown_department_is_refused_naming_the_field(clients, review):
    response = clients.office.post(
        f"/reviews/{review.pk}/tasks",
        {"department": "nope", "title": "t", "working_days": 3},
    )
    assert response.status_code == 400
    assert "department" in response.json()["errors"]


def test_a_grid_worker_inspects_a_cell_and_its_finding_becomes_a_case(
    clients, campaign
):
    board = clients.worker.get(f"/campaigns/{campaign.code}").json()
    problem = next(
        t
        for a in board["areas"]
        for t in a["problem_types"]
        if t["category"] == "Z0302"
    )
    response = clients.worker.post(
        f"/campaigns/{campaign.code}/inspections",
        {
            "cell": CELL,
            "checked": [problem["id"]],
            "findings": [{"problem_type": problem["id"], "description": "私搭乱建"}],
        },
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["cases"]) == 1
    assert (
        clients.worker.get(f"/campaigns/{campaign.code}").json()["figures"]["found"]
        == 1
    )


def test_the_office_sets_up_a_campaign(clients):
    response = clients.office.post(
        "/campaigns",
        {
            "code": "c2",
            "name": "专项",
            "region": "410100",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "areas": [{"name": "非法建设", "categories": ["Z0302"]}],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["areas"][0]["problem_types"][0]["category"] == "Z0302"


def test_outsider_gets_404_on_a_district_campaign(clients, office, tree):
    from datetime import date

    from wangge.reviews.services import campaign_create

    campaign_create(
        actor=office,
        code="local",
        name="local",
        region=tree[DISTRICT],
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        areas=[("a", ["Z0302"])],
    )
    outsider = clients.outsider
    assert outsider.get("/campaigns/local").status_code == 404
    assert outsider.get("/campaigns").json() == {"count": 0, "items": []}
    problem = Campaign.objects.get(code="local").areas.get().problem_types.get()
    for path, body in [
        ("/campaigns/local/close", {"report": "x"}),
        ("/campaigns/local/targets", {"region": "410103", "cells_to_inspect": 1}),
        (
            "/campaigns/local/inspections",
            {"cell": "410103001001001", "checked": [problem.pk]},
        ),
    ]:
        assert outsider.post(path, body).status_code == 404, path
    assert not CampaignInspection.objects.exists()
    assert Campaign.objects.get(code="local").state == "running"


def test_the_endpoints_are_in_the_openapi_schema(clients):
    paths = clients.office.get("/openapi.json").json()["paths"]
    assert "/api/v1/reviews/candidates" in paths
    assert "/api/v1/campaigns/{code}/inspections" in paths
