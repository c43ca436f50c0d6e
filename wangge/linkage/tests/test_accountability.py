"""Accountability: candidates from the record, a determination's lifecycle, its appeal, and
the counts the assessment takes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from wangge.cases.escalation import sweep_deadlines
from wangge.cases.tests.steps import act, dispatched_to_community, file_case, local
from wangge.linkage.candidates import CandidateKind, accountability_candidates
from wangge.linkage.models import DeterminationState
from wangge.linkage.selectors.accountability import (
    determination_counts_by_person,
    determination_counts_by_unit,
    determination_get_for_user,
)
from wangge.linkage.services.accountability import (
    determination_propose,
    determination_step,
)
from wangge.linkage.tests.conftest import COMMUNITY, TOWNSHIP
from wangge.notifications.models import Notification, NotificationKind
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

DECEMBER = (local(2026, 12, 1), local(2027, 1, 1))


@pytest.fixture
def escalated(tree, people):
    case = act(file_case(tree, people.resident), "register", people.community_desk)
    return act(case, "escalate", people.community_desk, note="无法处置")


@pytest.fixture
def proposed(tree, people, escalated):
    return determination_propose(
        actor=people.supervisor,
        region=tree[COMMUNITY],
        kind="reminder_talk",
        basis=CandidateKind.OVERDUE_ESCALATED,
        reason="逾期未处置",
        persons=[people.secretary],
        case_numbers=[escalated.number],
    )


def _step(d, action, actor, note=""):
    return determination_step(actor=actor, determination=d, action=action, note=note)


def test_a_determination_goes_from_proposal_through_approval_to_the_record(
    people, proposed, tree
):
    second_leader = staff("leader2", Role.LEADER, tree[TOWNSHIP])
    _step(proposed, "approve", second_leader)
    recorded = _step(proposed, "record", people.supervisor)

    assert recorded.state == DeterminationState.RECORDED
    assert recorded.recorded_at is not None
    assert list(recorded.events.values_list("action", flat=True)) == [
        "propose",
        "approve",
        "record",
    ]
    told = Notification.objects.filter(kind=NotificationKind.ACCOUNTABILITY)
    assert told.filter(
        recipient=people.secretary
    ).exists()  # named: hears approval and record
    assert told.filter(
        recipient=people.leader
    ).exists()  # a decider heard of the proposal


def test_the_proposer_does_not_approve_their_own_proposal(tree, people, escalated):
    made = determination_propose(
        actor=people.leader,
        region=tree[COMMUNITY],
        kind="warning",
        basis=CandidateKind.OVERDUE_ESCALATED,
        reason="x",
        persons=[people.secretary],
        case_numbers=[escalated.number],
    )
    with pytest.raises(ValidationError):
        _step(made, "approve", people.leader)


def test_the_named_person_appeals_and_a_leader_revokes_it_so_it_no_longer_counts(
    tree, people, proposed, time_machine
):
    _step(proposed, "approve", people.leader)
    time_machine.move_to(local(2026, 12, 2, 9, 0), tick=False)
    _step(proposed, "record", people.supervisor)
    assert determination_counts_by_unit(*DECEMBER) == {
        (tree[COMMUNITY].pk, "reminder_talk"): 1
    }

    _step(proposed, "appeal", people.secretary, note="已按时处置，系系统误判")
    assert determination_counts_by_person(*DECEMBER) == {
        (people.secretary.pk, "reminder_talk"): 1
    }
    _step(proposed, "revoke", people.leader, note="申诉属实")

    assert determination_counts_by_unit(*DECEMBER) == {}


def test_only_a_named_person_appeals_in_time_and_with_a_reason(
    tree, people, proposed, time_machine
):
    _step(proposed, "approve", people.leader)
    _step(proposed, "record", people.supervisor)
    with pytest.raises(ValidationError):
        _step(proposed, "appeal", people.worker, note="x")
    with pytest.raises(ValidationError):
        _step(proposed, "appeal", people.secretary)
    time_machine.move_to(datetime.datetime(2026, 12, 31, 9, 0), tick=False)
    with pytest.raises(ValidationError) as refused:
        _step(proposed, "appeal", people.secretary, note="迟到的申诉")
    assert "action" in refused.value.message_dict


def test_a_proposal_names_people_and_cases_of_the_unit(tree, people, escalated):
    with pytest.raises(ValidationError) as refused:
        determination_propose(
            actor=people.supervisor,
            region=tree[COMMUNITY],
            kind="scolding",
            basis="whim",
            reason=" ",
            persons=[people.outsider],
            case_numbers=["NOPE"],
        )
    assert set(refused.value.message_dict) == {
        "kind",
        "basis",
        "reason",
        "persons",
        "cases",
    }
    with pytest.raises(PermissionDenied):
        determination_propose(
            actor=people.worker,
            region=tree[COMMUNITY],
            kind="warning",
            basis=CandidateKind.UNSATISFIED,
            reason="x",
            persons=[people.secretary],
            case_numbers=[escalated.number],
        )


def test_the_named_person_sees_it_an_outsider_gets_404(people, proposed):
    assert determination_get_for_user(people.secretary, proposed.pk) == proposed
    with pytest.raises(Http404):
        determination_get_for_user(people.outsider, proposed.pk)


def test_candidates_come_from_the_record_and_leave_once_determined(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = dispatched_to_community(tree, people)
    act(case, "accept", people.secretary)
    sweep_deadlines(local(2026, 12, 8, 9, 31))

    [candidate] = accountability_candidates(people.leader)
    assert (candidate.kind, candidate.case_number) == (
        CandidateKind.OVERDUE_ESCALATED,
        case.number,
    )
    assert candidate.region == tree[COMMUNITY]  # the unit it escalated from
    assert accountability_candidates(people.outsider) == []

    determination_propose(
        actor=people.supervisor,
        region=tree[COMMUNITY],
        kind="reminder_talk",
        basis=candidate.kind,
        reason="超期",
        persons=[people.secretary],
        case_numbers=[case.number],
    )
    assert accountability_candidates(people.leader) == []
