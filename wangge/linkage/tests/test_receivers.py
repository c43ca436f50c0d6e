"""The contracting person of a unit hears when a case escalates to it or turns red there."""

import pytest
from django.db import transaction

from wangge.cases.escalation import sweep_deadlines
from wangge.cases.tests.steps import act, dispatched_to_community, file_case, local
from wangge.linkage.models import Contract
from wangge.notifications.models import Notification, NotificationKind


def _told(case) -> set[str]:
    return set(
        Notification.objects.filter(
            case=case, kind=NotificationKind.CONTRACTED_UNIT
        ).values_list("recipient__username", flat=True)
    )


def _registered(tree, people):
    case = file_case(tree, people.resident)
    return act(case, "register", people.community_desk)


def test_escalating_to_the_township_tells_the_district_leader_who_contracts_it(
    tree, people, contractors
):
    case = _registered(tree, people)

    act(case, "escalate", people.community_desk, note="社区无法协调")

    assert _told(case) == {"district_leader"}


def test_nobody_contracting_the_node_means_no_item(tree, people):
    case = _registered(tree, people)
    act(case, "escalate", people.community_desk, note="社区无法协调")
    assert _told(case) == set()


def test_an_ended_contract_tells_nobody(tree, people, contractors, time_machine):
    Contract.objects.filter(person=contractors.district_leader).update(
        valid_until="2026-11-01"
    )
    case = _registered(tree, people)
    act(case, "escalate", people.community_desk, note="社区无法协调")
    assert _told(case) == set()


def test_a_case_turning_red_tells_who_contracts_its_node(
    tree, people, contractors, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = dispatched_to_community(tree, people)
    act(case, "accept", people.secretary)

    sweep_deadlines(local(2026, 12, 7, 9, 31))

    # Red at the community (its contracting township leader), then escalated to the township.
    assert {"township_leader"} <= _told(case)


def test_the_item_is_written_with_the_escalation_or_not_at_all(
    tree, people, contractors
):
    case = _registered(tree, people)
    with pytest.raises(RuntimeError), transaction.atomic():
        act(case, "escalate", people.community_desk, note="社区无法协调")
        raise RuntimeError("rolled back")
    assert _told(case) == set()
