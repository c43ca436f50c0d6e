"""Staff pages of reviews and campaigns: HTTP behaviour, jurisdiction, constant queries."""

from datetime import date

import pytest
from django.test import Client

from wangge.reviews.models import CampaignFinding, ReviewMinutes
from wangge.reviews.services import (
    campaign_create,
    campaign_target_set,
    project_add,
    review_open,
    review_task_assign,
)
from wangge.reviews.tests.conftest import CELL, DISTRICT

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def review(office, people, tree, departments, report_case):
    review = review_open(
        actor=office,
        title="楼道堆物",
        region=tree[DISTRICT],
        case_ids=[report_case(people.worker).pk],
    )
    review_task_assign(
        review=review,
        actor=office,
        department=departments.city,
        title="清理",
        working_days=3,
    )
    return review


def test_the_review_list_shows_reviews_and_candidates(
    office, review, people, report_case
):
    for i in range(6):
        report_case(people.worker, description=f"堆物 {i}")
    response = _client(office).get("/reviews/")
    assert response.status_code == 200
    assert "楼道堆物" in response.text
    assert "Open a review" in response.text


def test_the_review_page_renders_for_the_district_and_is_404_to_an_outsider(
    review, people
):
    assert (
        _client(people.district_desk).get(f"/reviews/{review.pk}/").status_code == 200
    )
    assert _client(people.outsider).get(f"/reviews/{review.pk}/").status_code == 404


def test_the_review_page_reads_in_constant_queries(
    review, office, people, report_case, django_assert_max_num_queries
):
    client = _client(office)
    client.get(f"/reviews/{review.pk}/")
    for _ in range(5):
        review.cases.add(report_case(people.worker))
    with django_assert_max_num_queries(25):
        response = client.get(f"/reviews/{review.pk}/")
    assert response.status_code == 200
    assert 'data-chart="weekly"' in response.text


def test_minutes_recorded_from_the_page(review, office):
    response = _client(office).post(
        f"/reviews/{review.pk}/minutes/",
        {
            "minutes-held_at": "2026-11-30T15:00",
            "minutes-attendees": "市管办",
            "minutes-text": "研究部署",
        },
    )
    assert response.status_code == 302
    assert ReviewMinutes.objects.filter(review=review).count() == 1


def test_a_refused_step_shows_the_form_again_with_422(review, office):
    response = _client(office).post(
        f"/reviews/{review.pk}/minutes/", {"minutes-held_at": "2026-11-30T15:00"}
    )
    assert response.status_code == 422
    assert not ReviewMinutes.objects.exists()


def test_an_outsider_may_not_post_a_step(review, people):
    response = _client(people.outsider).post(
        f"/reviews/{review.pk}/close/", {"close-conclusion": "x"}
    )
    assert response.status_code == 404


def test_the_department_reports_its_task_from_the_page(review, people):
    task = review.tasks.get()
    response = _client(people.city_handler).post(
        f"/reviews/tasks/{task.pk}/report/", {"report": "已清理"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == "done"


def test_the_campaign_board_and_an_inspection_from_the_page(
    campaign, office, people, tree, django_assert_max_num_queries
):
    campaign_target_set(
        campaign=campaign, actor=office, region=tree[DISTRICT], cells_to_inspect=4
    )
    project_add(
        campaign=campaign, actor=office, name="背街小巷改造", unit="条", target=10
    )
    client = _client(people.worker)
    with django_assert_max_num_queries(20):
        response = client.get(f"/campaigns/{campaign.code}/")
    assert response.status_code == 200
    assert "背街小巷改造" in response.text
    problem = campaign.areas.first().problem_types.get(category__code="Z0302")
    response = client.post(
        f"/campaigns/{campaign.code}/inspections/",
        {
            "cell": CELL,
            "checked": [problem.pk],
            "problem_type": problem.pk,
            "description": "彩钢棚",
        },
    )
    assert response.status_code == 302, response.content
    assert CampaignFinding.objects.filter(campaign=campaign).count() == 1


def test_the_campaign_report_renders(campaign, office):
    assert _client(office).get(f"/campaigns/{campaign.code}/report/").status_code == 200


def test_a_district_campaign_page_is_404_to_an_outsider(office, people, tree):
    campaign_create(
        actor=office,
        code="local",
        name="local",
        region=tree[DISTRICT],
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        areas=[("a", ["Z0302"])],
    )
    assert _client(people.outsider).get("/campaigns/local/").status_code == 404
    assert _client(people.outsider).get("/campaigns/local/report/").status_code == 404


def test_cases_linked_from_the_page_and_unknown_numbers_refused(
    review, office, people, report_case
):
    case = report_case(people.worker)
    client = _client(office)
    response = client.post(
        f"/reviews/{review.pk}/cases/", {"cases-numbers": case.number}
    )
    assert response.status_code == 302
    assert review.cases.filter(pk=case.pk).exists()
    response = client.post(
        f"/reviews/{review.pk}/cases/", {"cases-numbers": "99999999"}
    )
    assert response.status_code == 422


def test_the_office_withdraws_a_task_from_the_page(review, office):
    task = review.tasks.get()
    response = _client(office).post(
        f"/reviews/tasks/{task.pk}/cancel/", {"note": "已由新决定替代"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == "cancelled"


def test_the_office_sets_up_a_campaign_and_a_target_from_the_pages(office, tree):
    client = _client(office)
    response = client.post(
        "/campaigns/new/",
        {
            "code": "c3",
            "name": "专项整治",
            "region": "410100",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "areas": "非法建设: Z0302\n公共管理：Z0702",
        },
    )
    assert response.status_code == 302, response.content
    response = client.post(
        "/campaigns/c3/targets/",
        {"region": DISTRICT, "cells_to_inspect": 5, "solved_share": 80},
    )
    assert response.status_code == 302
    from wangge.reviews.models import Campaign

    campaign = Campaign.objects.get(code="c3")
    assert campaign.areas.count() == 2
    assert campaign.targets.get().cells_to_inspect == 5


def test_a_malformed_area_line_is_refused_with_422(office):
    response = _client(office).post(
        "/campaigns/new/",
        {
            "code": "c4",
            "name": "x",
            "region": "410100",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "areas": "no codes here",
        },
    )
    assert response.status_code == 422


def test_a_district_desk_may_not_set_up_a_campaign(people):
    response = _client(people.district_desk).post(
        "/campaigns/new/",
        {
            "code": "c5",
            "name": "x",
            "region": DISTRICT,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "areas": "a: Z0302",
        },
    )
    assert response.status_code == 422
    from wangge.reviews.models import Campaign

    assert not Campaign.objects.exists()


def test_the_office_reads_the_board_with_its_forms(campaign, office):
    response = _client(office).get(f"/campaigns/{campaign.code}/")
    assert response.status_code == 200
    assert "/targets/" in response.text
