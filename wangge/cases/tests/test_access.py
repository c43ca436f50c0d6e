"""Who may act on a case: the predicate and the filter of `cases.access` never part.

Each rule is read two ways, for one case (`case_is_work`, `capacity_of`) and for many
(`case_work_q`, `capacity_q`); these tests try both over cases in every state, at every
kind of unit (department, community, cell, assisting units), with every standing person.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db.models import Q

from wangge.access.jurisdiction import active_posts
from wangge.cases import services
from wangge.cases.access import (
    ASSIST,
    GRID,
    HANDLER,
    NODE,
    CaseStep,
    capacity_of,
    capacity_q,
    case_allowed_actions,
    case_is_work,
    case_steps_allowed,
    case_work_q,
    cases_visible_to,
    is_reporter,
    step_rules,
)
from wangge.cases.access.steps import stands_q
from wangge.cases.models import Case
from wangge.cases.selectors import case_details_load
from wangge.cases.tests.conftest import (
    CELL,
    DEPARTMENTAL,
    TOWNSHIP,
)
from wangge.cases.tests.steps import (
    act,
    closed_case,
    dispatched_to_community,
    file_case,
    handled_by_community,
    verification_photo,
)
from wangge.cases.workflow import CaseState
from wangge.core import clock

pytestmark = pytest.mark.django_db

NEIGHBOUR_COMMUNITY = TOWNSHIP + "002"


@pytest.fixture
def cases(tree, everyone, departments):
    """A case in every state, at every kind of unit, with oversight waiting or finished."""
    people = everyone
    c = SimpleNamespace()
    c.reported = file_case(tree, people.resident)
    c.registered = file_case(tree, people.resident, description="已立案")
    act(c.registered, "register", people.community_desk)
    c.dispatched = dispatched_to_community(tree, people, description="已派遣")
    c.in_progress = dispatched_to_community(tree, people, description="处置中")
    act(c.in_progress, "accept", people.secretary)
    c.handled = handled_by_community(tree, people, description="待核查")
    c.closed = closed_case(tree, people, description="已结案")
    c.unsatisfied = closed_case(tree, people, description="不满意")
    services.case_rate(
        case=c.unsatisfied, actor=people.community_desk, satisfaction="unsatisfied"
    )
    c.visited = closed_case(tree, people, description="已回访")
    services.case_rate(
        case=c.visited, actor=people.community_desk, satisfaction="unsatisfied"
    )
    services.case_return_visit(
        case=c.visited, actor=people.community_desk, note="已解释"
    )
    c.to_department = file_case(tree, people.resident, category=DEPARTMENTAL)
    act(c.to_department, "register", people.community_desk)
    act(
        c.to_department,
        "dispatch",
        people.community_desk,
        department=departments.district.code,
    )
    services.shelving_request(
        case=c.to_department, actor=people.district_handler, reason="需市级统筹"
    )
    # Inside the grid: dispatched to the cell, its grid chief handles it.
    c.to_cell = file_case(tree, people.resident, description="网格内")
    act(c.to_cell, "register", people.community_desk)
    act(c.to_cell, "dispatch", people.community_desk, region=CELL)
    c.cell_at_work = file_case(tree, people.resident, description="网格处置中")
    act(c.cell_at_work, "register", people.community_desk)
    act(c.cell_at_work, "dispatch", people.community_desk, region=CELL)
    act(c.cell_at_work, "accept", people.chief)
    # Co-handling: the community leads, the district department and a neighbour assist.
    c.co_handled = dispatched_to_community(tree, people, description="协办")
    act(c.co_handled, "accept", people.secretary)
    services.assist_add(
        case=c.co_handled,
        actor=people.community_desk,
        task="清运",
        department=departments.district.code,
    )
    neighbour = services.assist_add(
        case=c.co_handled,
        actor=people.secretary,
        task="协调物业",
        region=NEIGHBOUR_COMMUNITY,
    )
    services.assist_accept(assist=neighbour, actor=people.neighbour_secretary)
    services.extension_request(
        case=c.co_handled, actor=people.secretary, amount=1, unit="days", reason="协调"
    )
    # Up the chain, under supervision orders.
    c.escalated = file_case(tree, people.resident, description="上报")
    act(c.escalated, "register", people.community_desk)
    act(c.escalated, "escalate", people.community_desk, note="社区无法解决")
    services.case_supervise(
        case=c.escalated,
        actor=people.supervisor,
        instructions="限期办结",
        due_at=clock.now() + timedelta(days=2),
    )
    c.at_the_city = file_case(tree, people.resident, description="到市里")
    act(c.at_the_city, "register", people.community_desk)
    for desk in (people.community_desk, people.township_desk, people.district_desk):
        act(c.at_the_city, "escalate", desk, note="逐级上报")
    services.case_supervise(
        case=c.at_the_city,
        actor=people.supervisor,
        instructions="市级督办",
        due_at=clock.now() + timedelta(days=2),
    )
    # Finished while oversight still waited: nothing of it is anyone's work any more.
    c.closed_waiting = dispatched_to_community(tree, people, description="结案仍待")
    act(c.closed_waiting, "accept", people.secretary)
    services.extension_request(
        case=c.closed_waiting,
        actor=people.secretary,
        amount=2,
        unit="days",
        reason="材料",
    )
    services.case_supervise(
        case=c.closed_waiting,
        actor=people.supervisor,
        instructions="尽快",
        due_at=clock.now() + timedelta(days=2),
    )
    act(c.closed_waiting, "handle", people.secretary, note="已处理")
    verification_photo(c.closed_waiting, people.worker)
    act(c.closed_waiting, "verify_pass", people.worker)
    c.rejected = file_case(tree, people.resident, description="不受理")
    act(c.rejected, "reject", people.community_desk, note="不属于受理范围")
    c.merged = file_case(tree, people.resident, description="重复")
    act(c.merged, "merge", people.community_desk, into=c.reported.number)
    return c


@pytest.fixture
def everyone(people, tree):
    from wangge.people.roles import Role
    from wangge.people.tests.factories import staff

    people.neighbour_secretary = staff(
        "neighbour_secretary", Role.COMMUNITY_SECRETARY, tree[NEIGHBOUR_COMMUNITY]
    )
    return people


@pytest.fixture
def every_case(everyone, cases):
    found = [case_details_load(c) for c in Case.objects.order_by("pk")]
    assert {c.state for c in found} == set(CaseState.values)
    return found


def test_my_work_filter_and_predicate_agree_for_everyone_on_every_case(
    everyone, every_case
):
    for name, person in vars(everyone).items():
        predicate = {c.number for c in every_case if case_is_work(person, c)}
        query = set(
            Case.objects.filter(case_work_q(person)).values_list("number", flat=True)
        )
        assert query == predicate, name
        # Work is always something the reader can see.
        visible = set(cases_visible_to(person).values_list("number", flat=True))
        assert predicate <= visible, name


def test_capacity_filter_and_predicate_agree_for_every_post_and_case(
    everyone, every_case
):
    for name, person in vars(everyone).items():
        for post in active_posts(person):
            for capacity in (NODE, HANDLER, ASSIST, GRID):
                predicate = {
                    c.pk
                    for c in every_case
                    if capacity_of(post, c, list(c.assists.all())) == capacity
                }
                query = set(
                    Case.objects.filter(capacity_q(post, capacity)).values_list(
                        "pk", flat=True
                    )
                )
                assert query == predicate, (name, capacity)


def _work_of(person) -> set[str]:
    return set(Case.objects.filter(case_work_q(person)).values_list("pk", flat=True))


def test_who_waits_for_which_case(everyone, cases):
    p, c = everyone, cases
    assert _work_of(p.community_desk) == {
        c.reported.pk,
        c.registered.pk,
        c.unsatisfied.pk,  # a return visit is due; not once it is recorded
        c.co_handled.pk,  # more time asked for
    }
    assert _work_of(p.secretary) == {c.dispatched.pk, c.in_progress.pk, c.co_handled.pk}
    # The grid may solve a new report on the spot, and verifies what others handled.
    assert _work_of(p.worker) == {c.reported.pk, c.handled.pk}
    assert _work_of(p.chief) == {
        c.reported.pk,
        c.handled.pk,
        c.to_cell.pk,
        c.cell_at_work.pk,
    }
    # The assisting department until it accepts, the neighbour until it reports.
    assert _work_of(p.district_handler) == {c.to_department.pk, c.co_handled.pk}
    assert _work_of(p.neighbour_secretary) == {c.co_handled.pk}
    assert _work_of(p.township_desk) == {c.escalated.pk, c.co_handled.pk}
    assert _work_of(p.leader) == {
        c.at_the_city.pk,
        c.to_department.pk,
        c.co_handled.pk,
    }
    # The supervisor waits for replies; it does not give them.
    assert _work_of(p.supervisor) == set()
    assert _work_of(p.city_desk) == {c.at_the_city.pk, c.co_handled.pk}


def test_closed_cases_leave_my_work_with_their_oversight_unanswered(everyone, cases):
    """Replays issue 6: closed cases showed in "my work"."""
    closed = cases.closed_waiting
    for person in vars(everyone).values():
        assert closed.pk not in _work_of(person)
    closed = case_details_load(Case.objects.get(pk=closed.pk))
    assert case_steps_allowed(everyone.secretary, closed) == frozenset()
    assert case_steps_allowed(everyone.community_desk, closed) == {CaseStep.RATE}


def test_a_supervisor_is_not_offered_a_reply_to_the_order_they_issued(everyone, cases):
    """Replays issue 6: the city supervisor was offered "reply" on a city case."""
    case = case_details_load(Case.objects.get(pk=cases.at_the_city.pk))
    assert CaseStep.SUPERVISION_REPLY not in case_steps_allowed(
        everyone.supervisor, case
    )
    assert CaseStep.SUPERVISION_REPLY in case_steps_allowed(everyone.city_desk, case)


def test_steps_that_no_longer_make_sense_are_not_offered(everyone, cases):
    """Replays issue 6: rating twice, more time after the work is done, photos when closed."""
    p = everyone
    rated = case_details_load(Case.objects.get(pk=cases.unsatisfied.pk))
    assert CaseStep.RATE not in case_steps_allowed(p.community_desk, rated)
    handled = case_details_load(Case.objects.get(pk=cases.handled.pk))
    assert CaseStep.EXTENSION_REQUEST not in case_steps_allowed(p.secretary, handled)
    closed = case_details_load(Case.objects.get(pk=cases.closed.pk))
    for person in vars(p).values():
        allowed = case_steps_allowed(person, closed)
        assert not {s for s in allowed if s.startswith("photo_")}


def test_the_ends_of_the_node_chain_are_never_offered(everyone, cases):
    at_city = case_details_load(Case.objects.get(pk=cases.at_the_city.pk))
    assert "escalate" not in case_allowed_actions(everyone.city_desk, at_city)
    assert "send_down" in case_allowed_actions(everyone.city_desk, at_city)
    registered = case_details_load(Case.objects.get(pk=cases.registered.pk))
    assert "send_down" not in case_allowed_actions(everyone.community_desk, registered)


def test_the_grid_chief_of_a_dispatched_cell_handles_it_and_does_not_verify_it(
    everyone, cases
):
    case = case_details_load(Case.objects.get(pk=cases.cell_at_work.pk))
    assert case_allowed_actions(everyone.chief, case) == ["return", "handle"]
    assert case_allowed_actions(everyone.worker, case) == []


def test_every_step_rule_reads_the_same_as_a_filter_and_as_a_predicate(
    everyone, every_case
):
    for name, person in vars(everyone).items():
        for step, rule in step_rules().items():
            predicate = {
                c.pk
                for c in every_case
                if step in case_steps_allowed(person, c)
                and not (rule.reporter and is_reporter(person, c))
            }
            query = set()
            for post in active_posts(person):
                found = stands_q(rule, post) & Q(state__in=list(rule.states))
                if rule.holds_q is not None:
                    found &= rule.holds_q(post)
                query |= set(Case.objects.filter(found).values_list("pk", flat=True))
            assert query == predicate, (name, step)
