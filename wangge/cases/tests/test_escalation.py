"""The deadline sweep: green → yellow at 80 % → red past the deadline → escalation by policy.

The case of these tests is registered on Monday 30 November 2026 at 09:30 with a limit of
five working days: yellow from Friday 4 December 09:30, due Monday 7 December 09:30.
"""

from datetime import UTC

import pytest

from wangge.cases import escalation, services
from wangge.cases.escalation import sweep_deadlines
from wangge.cases.models import Case, CaseEvent, EscalationPolicy
from wangge.cases.tests.conftest import COMMUNITY, DISTRICT, TOWNSHIP
from wangge.cases.tests.steps import (
    act,
    closed_case,
    dispatched_to_community,
    file_case,
    handled_by_community,
    local,
    written,
)
from wangge.notifications.models import Notification

YELLOW_FROM = local(2026, 12, 4, 9, 30)
DUE = local(2026, 12, 7, 9, 30)


def _told(case, kind) -> set[str]:
    return set(
        Notification.objects.filter(case=case, kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def _counts(result) -> tuple[int, int, int]:
    return result.yellow, result.red, len(result.escalated)


@pytest.fixture
def case(tree, people, time_machine):
    """The case, accepted by the community; the clock of the test stands still."""
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = dispatched_to_community(tree, people)
    return act(case, "accept", people.secretary)


def test_nothing_changes_before_80_percent_of_the_limit(case):
    before = written()

    result = sweep_deadlines(local(2026, 12, 4, 9, 29))

    assert _counts(result) == (0, 0, 0)
    assert written() == before
    assert Case.objects.get(pk=case.pk).light == "green"


def test_at_80_percent_the_case_turns_yellow_and_the_unit_hears_of_it(case):
    result = sweep_deadlines(YELLOW_FROM)

    assert _counts(result) == (1, 0, 0)
    swept = Case.objects.get(pk=case.pk)
    assert (swept.light, swept.state) == ("yellow", "in_progress")
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.action, event.from_state, event.to_state) == (
        "light_yellow",
        "in_progress",
        "in_progress",
    )
    assert (event.actor, event.actor_post) == (None, None)
    assert event.node.code == COMMUNITY
    assert event.created_at == YELLOW_FROM
    assert _told(case, "due_soon") == {"secretary", "community_desk"}


def test_a_second_sweep_at_the_same_instant_changes_nothing(case):
    EscalationPolicy.objects.create(node_level="community", grace_hours=2)
    for moment in (YELLOW_FROM, local(2026, 12, 7, 9, 31), local(2026, 12, 7, 11, 31)):
        sweep_deadlines(moment)
        before = written()

        result = sweep_deadlines(moment)

        assert _counts(result) == (0, 0, 0)
        assert written() == before


def test_past_the_deadline_the_case_turns_red_and_escalates_after_the_grace(
    case, people, tree
):
    # Given a community grace of two working hours, set after the case was registered
    EscalationPolicy.objects.create(node_level="community", grace_hours=2)
    sweep_deadlines(YELLOW_FROM)

    # When the deadline has passed
    result = sweep_deadlines(local(2026, 12, 7, 9, 31))

    # Then the case is red and still at the community
    assert _counts(result) == (0, 1, 0)
    swept = Case.objects.get(pk=case.pk)
    assert (swept.light, swept.node.code) == ("red", COMMUNITY)
    assert _told(case, "overdue") == {"secretary", "community_desk"}

    # When the grace has run out too
    result = sweep_deadlines(local(2026, 12, 7, 11, 31))

    # Then it has moved up to the township, by the system, with the handler cleared, and
    # the township's desk has its own dispatch stage: two working hours, green for now
    assert result.escalated == [case.number]
    swept = Case.objects.get(pk=case.pk)
    assert (swept.state, swept.node.code, swept.light) == (
        "registered",
        TOWNSHIP,
        "green",
    )
    assert (swept.started_at, swept.deadline) == (
        local(2026, 12, 7, 11, 31),
        local(2026, 12, 7, 15, 1),
    )
    assert swept.handler_region is None
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.action, event.from_state, event.to_state) == (
        "escalate",
        "in_progress",
        "registered",
    )
    assert (event.actor, event.actor_post) == (None, None)
    assert event.data == {
        "from_node": COMMUNITY,
        "to_node": TOWNSHIP,
        "stage": "handling",
        "due": DUE.astimezone(UTC).isoformat(),
        "on_time": False,
    }
    assert event.note
    assert event.created_at == local(2026, 12, 7, 11, 31)
    assert _told(case, "escalated") == {"township_desk"}
    assert [
        e.action
        for e in CaseEvent.objects.filter(case=case, action__startswith="light")
    ] == ["light_yellow", "light_red"]


def test_by_default_an_overdue_case_leaves_the_community_at_once(case):
    result = sweep_deadlines(local(2026, 12, 7, 9, 31))

    assert _counts(result) == (0, 1, 1)
    assert Case.objects.get(pk=case.pk).node.code == TOWNSHIP


def test_each_level_above_gets_its_stage_and_its_grace_before_the_next_escalation(
    case,
):
    # Escalated to the township on Monday 7 December at 09:31, whose desk has two working
    # hours to dispatch it (until 11:31) and four of grace after that (29 min to 12:00,
    # then 13:30 to 17:01) before it goes on to the district.
    sweep_deadlines(local(2026, 12, 7, 9, 31))

    assert sweep_deadlines(local(2026, 12, 7, 17, 1)).escalated == []
    assert sweep_deadlines(local(2026, 12, 7, 17, 2)).escalated == [case.number]
    assert Case.objects.get(pk=case.pk).node.code == DISTRICT


def test_the_city_is_as_far_as_automatic_escalation_goes(case):
    for day in range(7, 31):
        sweep_deadlines(local(2026, 12, day, 17, 29))

    swept = Case.objects.get(pk=case.pk)
    assert swept.node.level == "city"
    assert swept.escalate_at is None
    assert CaseEvent.objects.filter(case=case, action="escalate").count() == 3


def test_a_policy_switched_off_after_registration_keeps_an_overdue_case_where_it_is(
    case,
):
    EscalationPolicy.objects.create(node_level="community", enabled=False)

    result = sweep_deadlines(local(2026, 12, 9, 9, 0))

    assert _counts(result) == (0, 1, 0)
    assert Case.objects.get(pk=case.pk).node.code == COMMUNITY


def test_a_case_swept_late_turns_red_without_passing_yellow(case):
    sweep_deadlines(local(2026, 12, 8, 9, 0))

    assert list(
        CaseEvent.objects.filter(case=case, action__startswith="light").values_list(
            "action", flat=True
        )
    ) == ["light_red"]


def test_a_shelved_case_is_left_alone(case, people, time_machine):
    request = services.shelving_request(
        case=case, actor=people.secretary, reason="涉及拆迁，暂无法处理"
    )
    services.shelving_decide(request=request, actor=people.leader, approve=True)
    before = written()

    result = sweep_deadlines(local(2026, 12, 30, 9, 0))

    assert _counts(result) == (0, 0, 0)
    assert written() == before
    swept = Case.objects.get(pk=case.pk)
    assert (swept.light, swept.node.code) == ("green", COMMUNITY)


@pytest.mark.parametrize("state", ["closed", "rejected", "merged"])
def test_a_finished_case_is_left_alone(tree, people, case, state):
    if state == "closed":
        finished = closed_case(tree, people)
    elif state == "rejected":
        finished = act(
            file_case(tree, people.resident),
            "reject",
            people.community_desk,
            note="不予受理",
        )
    else:
        finished = act(
            file_case(tree, people.resident),
            "merge",
            people.community_desk,
            into=case.number,
        )
    before = CaseEvent.objects.filter(case=finished).count()

    sweep_deadlines(local(2026, 12, 30, 9, 0))

    assert CaseEvent.objects.filter(case=finished).count() == before
    assert Case.objects.get(pk=finished.pk).light == "green"


def test_a_handled_case_awaiting_verification_turns_red_but_stays(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    handled = handled_by_community(tree, people)

    result = sweep_deadlines(local(2026, 12, 8, 9, 0))

    assert _counts(result) == (0, 1, 0)
    swept = Case.objects.get(pk=handled.pk)
    assert (swept.state, swept.node.code) == ("handled", COMMUNITY)


def test_many_cases_are_swept_in_chunks(tree, people, time_machine, monkeypatch):
    monkeypatch.setattr(escalation, "CHUNK", 2)
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    cases = [
        act(dispatched_to_community(tree, people), "accept", people.secretary)
        for _ in range(5)
    ]

    result = sweep_deadlines(YELLOW_FROM)

    assert _counts(result) == (5, 0, 0)
    assert set(Case.objects.values_list("light", flat=True)) == {"yellow"}
    assert CaseEvent.objects.filter(action="light_yellow").count() == len(cases)


def test_a_case_that_moved_on_since_it_was_listed_does_not_stop_the_sweep(
    tree, people, case, time_machine, monkeypatch
):
    # Given two overdue cases, one of which is handled between listing and escalation
    other = act(dispatched_to_community(tree, people), "accept", people.secretary)
    listed = escalation._due_for_escalation(local(2026, 12, 8, 9, 0))
    assert {c.pk for c in listed} == {case.pk, other.pk}
    act(case, "handle", people.secretary, note="刚刚处理完")
    monkeypatch.setattr(escalation, "_due_for_escalation", lambda at: listed)

    result = sweep_deadlines(local(2026, 12, 8, 9, 0))

    assert result.escalated == [other.number]
    assert Case.objects.get(pk=case.pk).state == "handled"
    assert Case.objects.get(pk=other.pk).node.code == TOWNSHIP


# --- Every stage is watched -------------------------------------------------------------


def test_a_dispatch_nobody_accepts_turns_red_and_escalates(tree, people, time_machine):
    # Dispatched on Monday 09:30: the community has four working hours to accept it (15:00).
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    waiting = dispatched_to_community(tree, people)

    result = sweep_deadlines(local(2026, 11, 30, 15, 1))

    assert result.escalated == [waiting.number]
    escalated = CaseEvent.objects.filter(case=waiting, action="escalate").get()
    assert (escalated.data["stage"], escalated.data["on_time"]) == (
        "acceptance",
        False,
    )


def test_a_handled_case_nobody_verifies_turns_red_after_a_working_day(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    handled = handled_by_community(tree, people)

    assert _counts(sweep_deadlines(local(2026, 12, 1, 9, 30))) == (1, 0, 0)
    assert _counts(sweep_deadlines(local(2026, 12, 1, 9, 31))) == (0, 1, 0)
    assert Case.objects.get(pk=handled.pk).state == "handled"


# --- Supervision orders whose reply is overdue -------------------------------------------


def _order(case, people, due):
    return services.case_supervise(
        case=case, actor=people.supervisor, instructions="限期回复", due_at=due
    )


def test_an_unanswered_supervision_order_is_chased_once_when_its_reply_is_overdue(
    case, people
):
    order = _order(case, people, local(2026, 12, 2, 9, 30))

    assert sweep_deadlines(local(2026, 12, 2, 9, 30)).chased == 0
    result = sweep_deadlines(local(2026, 12, 2, 9, 31))

    assert result.chased == 1
    order.refresh_from_db()
    assert order.chased_at == local(2026, 12, 2, 9, 31)
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.action, event.actor, event.data["order"]) == (
        "supervision_overdue",
        None,
        order.pk,
    )
    chased = Notification.objects.filter(
        case=case, kind="supervision", created_at=local(2026, 12, 2, 9, 31)
    ).values_list("recipient__username", flat=True)
    assert set(chased) == {"secretary", "community_desk", "supervisor"}
    before = written()
    assert sweep_deadlines(local(2026, 12, 3, 9, 0)).chased == 0
    assert written() == before


def test_an_answered_supervision_order_is_not_chased(case, people):
    order = _order(case, people, local(2026, 12, 2, 9, 30))
    services.supervision_reply(order=order, actor=people.secretary, reply="已处理")

    assert sweep_deadlines(local(2026, 12, 3, 9, 0)).chased == 0
