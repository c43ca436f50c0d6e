"""Bulk actions: each case done or refused on its own, with the reason; nothing half-done."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wangge.cases.models import Case, CaseEvent, EventKind
from wangge.cases.services import MAX_BULK, case_bulk_transition
from wangge.cases.tests.work import dispatched, file_case, registered
from wangge.cases.workflow import CaseState

pytestmark = pytest.mark.django_db


def test_a_desk_dispatches_several_cases_and_each_gets_its_event(tree, people):
    cases = [registered(tree, people) for _ in range(3)]

    results = case_bulk_transition(
        numbers=[c.number for c in cases],
        action="dispatch",
        actor=people.community_desk,
    )

    assert [r.ok for r in results] == [True, True, True]
    assert [r.number for r in results] == [c.number for c in cases]
    for case in cases:
        case.refresh_from_db()
        assert case.state == CaseState.DISPATCHED
        assert (
            CaseEvent.objects.filter(case=case, action=EventKind.DISPATCH).count() == 1
        )


def test_a_refused_case_is_reported_with_its_reason_and_left_as_it_was(tree, people):
    ready = registered(tree, people)
    unregistered = file_case(tree, people.resident)
    events_before = CaseEvent.objects.filter(case=unregistered).count()

    results = case_bulk_transition(
        numbers=[unregistered.number, ready.number],
        action="dispatch",
        actor=people.community_desk,
    )

    refused, done = results
    assert (refused.ok, done.ok) == (False, True)
    assert refused.message
    unregistered.refresh_from_db()
    assert unregistered.state == CaseState.REPORTED
    assert CaseEvent.objects.filter(case=unregistered).count() == events_before


def test_a_case_outside_the_area_is_refused_as_not_found(tree, people):
    case = registered(tree, people)

    with translation.override("en"):
        (result,) = case_bulk_transition(
            numbers=[case.number], action="dispatch", actor=people.outsider
        )

    assert not result.ok
    assert result.message == "No such case in your area."
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_the_handling_unit_accepts_several_dispatches(tree, people):
    cases = [dispatched(tree, people) for _ in range(2)]

    results = case_bulk_transition(
        numbers=[c.number for c in cases], action="accept", actor=people.secretary
    )

    assert all(r.ok for r in results)
    assert {Case.objects.get(pk=c.pk).state for c in cases} == {CaseState.IN_PROGRESS}


@pytest.mark.parametrize("action", ["reject", "verify_pass", "nonsense"])
def test_an_action_the_list_does_not_offer_is_a_400_naming_it(tree, people, action):
    case = file_case(tree, people.resident)
    with pytest.raises(ValidationError) as error:
        case_bulk_transition(
            numbers=[case.number], action=action, actor=people.community_desk
        )
    assert "action" in error.value.message_dict
    assert Case.objects.get(pk=case.pk).state == CaseState.REPORTED


def test_no_cases_or_too_many_is_a_400_naming_the_cases(people):
    for numbers in ([], [""], [str(n) for n in range(MAX_BULK + 1)]):
        with pytest.raises(ValidationError) as error:
            case_bulk_transition(
                numbers=numbers, action="register", actor=people.community_desk
            )
        assert "cases" in error.value.message_dict
