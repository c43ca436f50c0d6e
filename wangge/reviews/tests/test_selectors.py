"""Who sees which reviews, candidates and campaign figures."""

import pytest
from django.http import Http404

from wangge.reviews.models import CandidateKind
from wangge.reviews.selectors import (
    campaign_board,
    campaign_get_for_user,
    candidate_get,
    candidates_for,
    review_get_for_user,
    reviews_visible_to,
)
from wangge.reviews.services import (
    Finding,
    campaign_inspect,
    campaign_target_set,
    review_open,
    review_task_assign,
)
from wangge.reviews.tests.conftest import CELL, DISTRICT, SIBLING_DISTRICT

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotspot(people, report_case):
    """Six reports of one category in the standing cell this week, none before."""
    return [report_case(people.worker, description=f"楼道堆物 {i}") for i in range(6)]


def test_a_district_sees_its_reviews_and_an_outsider_gets_404(office, people, tree):
    review = review_open(actor=office, title="t", region=tree[DISTRICT])
    assert review_get_for_user(people.district_desk, review.pk) == review
    with pytest.raises(Http404):
        review_get_for_user(people.outsider, review.pk)
    assert not reviews_visible_to(people.resident).exists()


def test_a_department_sees_a_city_review_once_it_has_a_task(
    office, people, tree, departments
):
    review = review_open(actor=office, title="t", region=tree["410100"])
    assert not reviews_visible_to(people.city_handler).exists()
    review_task_assign(
        review=review,
        actor=office,
        department=departments.city,
        title="t",
        working_days=3,
    )
    assert list(reviews_visible_to(people.city_handler)) == [review]


def test_a_planted_hotspot_is_a_spike_candidate(office, hotspot):
    candidates = candidates_for(office)
    spike = next(c for c in candidates if c.kind == CandidateKind.SPIKE)
    assert spike.area.code == DISTRICT
    assert set(spike.case_ids) == {c.pk for c in hotspot}
    assert any(c.kind == CandidateKind.MANY_REPORTERS for c in candidates)
    assert candidate_get(office, spike.key) == spike


def test_without_a_hotspot_there_is_no_candidate(office, people, report_case):
    report_case(people.worker)
    assert candidates_for(office) == []


def test_an_outsider_sees_no_candidate_of_another_district(people, hotspot):
    assert candidates_for(people.outsider) == []


def test_a_candidate_under_review_is_not_offered_again(office, hotspot, tree):
    spike = next(c for c in candidates_for(office) if c.kind == CandidateKind.SPIKE)
    review_open(
        actor=office,
        title="t",
        region=spike.area,
        source_key=spike.key,
        case_ids=spike.case_ids,
    )
    assert spike.key not in {c.key for c in candidates_for(office)}
    with pytest.raises(Http404):
        candidate_get(office, spike.key)


def test_a_district_sees_the_city_campaign_with_its_own_figures(
    campaign, office, people, tree
):
    campaign_target_set(
        campaign=campaign, actor=office, region=tree[DISTRICT], cells_to_inspect=4
    )
    campaign_target_set(
        campaign=campaign,
        actor=office,
        region=tree[SIBLING_DISTRICT],
        cells_to_inspect=4,
    )
    problem = campaign.areas.first().problem_types.get(category__code="Z0302")
    campaign_inspect(
        campaign=campaign,
        actor=people.worker,
        cell=tree[CELL],
        checked=[problem.pk],
        findings=[Finding(problem.pk, "私搭乱建")],
    )
    mine = campaign_board(
        people.outsider, campaign_get_for_user(people.outsider, campaign.code)
    )
    assert [r.code for r in mine.figures.regions] == [SIBLING_DISTRICT]
    assert mine.figures.found == 0
    city = campaign_board(office, campaign)
    assert city.figures.found == 1
    assert len(city.figures.regions) == 2


def test_a_district_campaign_is_404_to_another_district(office, people, tree):
    from datetime import date

    from wangge.reviews.services import campaign_create

    local = campaign_create(
        actor=office,
        code="local",
        name="local",
        region=tree[DISTRICT],
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        areas=[("a", ["Z0302"])],
    )
    assert campaign_get_for_user(people.worker, "local") == local
    with pytest.raises(Http404):
        campaign_get_for_user(people.outsider, "local")
