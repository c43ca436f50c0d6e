"""Contact points: visits record problems as cases through intake, all or nothing; leaders
take up cases to coordinate; jurisdiction decides who sees which point."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from wangge.cases.models import Case
from wangge.cases.tests.steps import file_case
from wangge.linkage.models import (
    ContactCase,
    ContactPoint,
    ContactResolution,
    ContactVisit,
)
from wangge.linkage.selectors.contact_points import (
    contact_point_get_for_user,
    contact_point_list,
)
from wangge.linkage.services.contact_points import (
    contact_case_coordinate,
    contact_visit_record,
)
from wangge.linkage.services.problems import Problem, problem_report
from wangge.linkage.tests.conftest import CELL, SIBLING_DISTRICT, TOWNSHIP

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def point(tree):
    return ContactPoint.objects.create(
        leader_name="领导甲",
        source_name="某某街道办事处",
        township=tree[TOWNSHIP],
        resolution=ContactResolution.EXACT,
    )


@pytest.fixture
def gone():
    return ContactPoint.objects.create(
        leader_name="领导乙",
        source_name="老鸦陈街道办事处",
        resolution=ContactResolution.MERGED,
        reason="已撤销",
    )


def _problem(tree, people, cell=CELL, **extra):
    region = tree[cell]
    return problem_report(
        Problem(
            category="E0605",
            description="路灯损坏，夜间无照明",
            lon=region.centroid_lon,
            lat=region.centroid_lat,
            **extra,
        ),
        people.leader,
    )


def test_a_visit_takes_its_problems_in_as_cases_of_the_contact_point(
    tree, people, point
):
    visit = contact_visit_record(
        actor=people.leader,
        point=point,
        visited_on=TODAY,
        visitors="领导甲、秘书",
        topics="网格化工作调研",
        findings="路灯损坏",
        problems=[_problem(tree, people)],
    )
    link = ContactCase.objects.get(visit=visit)
    assert link.role == ContactCase.Role.FOUND
    assert link.case.cell.code == CELL
    assert link.case.channel == "assignment"  # a leader files as an assignment


def test_a_problem_intake_refuses_leaves_no_visit_and_no_case(tree, people, point):
    bad = _problem(tree, people)
    bad.category = "NOPE"
    with pytest.raises(ValidationError) as refused:
        contact_visit_record(
            actor=people.leader,
            point=point,
            visited_on=TODAY,
            visitors="甲",
            topics="调研",
            problems=[bad],
        )
    assert "category" in refused.value.message_dict
    assert not ContactVisit.objects.exists()
    assert not Case.objects.exists()


def test_a_problem_outside_the_contact_township_is_refused(tree, people, point):
    outside = _problem(tree, people, cell=SIBLING_DISTRICT + "001001001")
    with pytest.raises(ValidationError) as refused:
        contact_visit_record(
            actor=people.leader,
            point=point,
            visited_on=TODAY,
            visitors="甲",
            topics="调研",
            problems=[outside],
        )
    assert "problems.0" in refused.value.message_dict


def test_a_visit_needs_who_and_what_and_cannot_be_in_the_future(tree, people, point):
    with pytest.raises(ValidationError) as refused:
        contact_visit_record(
            actor=people.leader,
            point=point,
            visited_on=TODAY + datetime.timedelta(days=1),
            visitors=" ",
            topics="",
        )
    assert set(refused.value.message_dict) == {"visitors", "topics", "visited_on"}


def test_a_contact_point_that_no_longer_exists_takes_no_visit(people, gone):
    with pytest.raises(ValidationError):
        contact_visit_record(
            actor=people.leader,
            point=gone,
            visited_on=TODAY,
            visitors="甲",
            topics="调研",
        )


def test_a_grid_worker_may_not_record_a_leaders_visit(tree, people, point):
    with pytest.raises(PermissionDenied):
        contact_visit_record(
            actor=people.worker,
            point=point,
            visited_on=TODAY,
            visitors="甲",
            topics="调研",
        )


def test_a_leader_takes_up_a_case_of_the_township_once(tree, people, point):
    case = file_case(tree, people.resident)
    contact_case_coordinate(
        actor=people.leader, point=point, number=case.number, note="协调"
    )
    with pytest.raises(ValidationError):
        contact_case_coordinate(actor=people.leader, point=point, number=case.number)
    assert point.case_links.get().role == ContactCase.Role.COORDINATED


def test_the_township_sees_its_point_the_city_sees_all_an_outsider_none(
    people, point, gone
):
    assert list(contact_point_list(people.first_responsible)) == [point]
    assert set(contact_point_list(people.leader)) == {point, gone}
    assert not contact_point_list(people.outsider).exists()
    with pytest.raises(Http404):
        contact_point_get_for_user(people.outsider, point.pk)
