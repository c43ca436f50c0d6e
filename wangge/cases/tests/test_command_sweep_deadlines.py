"""`manage.py sweep_deadlines [--at ISO-8601]`: prints what it changed; idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from wangge.cases.models import Case, CaseEvent
from wangge.cases.tests.steps import act, file_case, local

FOUR_HOURS = "E0103"  # 垃圾满溢: four working hours, handled by the grid's township


def _sweep(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("sweep_deadlines", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def overdue_by_tuesday(tree, people, time_machine):
    """A four-hour case registered on Monday 30 November at 09:30: yellow from 14:12, due at 15:00."""
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = file_case(tree, people.resident, category=FOUR_HOURS)
    return act(case, "register", people.community_desk)


def test_the_sweep_at_a_given_time_prints_its_counts_and_the_escalated_cases(
    overdue_by_tuesday,
):
    output = _sweep("--at", "2026-12-01T09:00:00+08:00")

    assert output.splitlines() == [
        "0 turned yellow, 1 turned red, 1 escalated, 0 supervision orders chased.",
        f"  {overdue_by_tuesday.number}",
    ]
    events = CaseEvent.objects.filter(case=overdue_by_tuesday).order_by("id")
    assert [(e.action, e.created_at) for e in events][-2:] == [
        ("light_red", local(2026, 12, 1, 9, 0)),
        ("escalate", local(2026, 12, 1, 9, 0)),
    ]


def test_a_second_run_at_the_same_time_changes_nothing(overdue_by_tuesday):
    _sweep("--at", "2026-12-01T09:00:00+08:00")
    events = CaseEvent.objects.count()

    output = _sweep("--at", "2026-12-01T09:00:00+08:00")

    assert output.splitlines() == [
        "0 turned yellow, 0 turned red, 0 escalated, 0 supervision orders chased."
    ]
    assert CaseEvent.objects.count() == events


def test_a_time_without_an_offset_is_read_in_zhengzhou(overdue_by_tuesday):
    # 14:30 in Zhengzhou is past 80 % of the limit and before the deadline; 14:30 UTC
    # would be 22:30 there, long past it.
    output = _sweep("--at", "2026-11-30T14:30:00")

    assert output.splitlines() == [
        "1 turned yellow, 0 turned red, 0 escalated, 0 supervision orders chased."
    ]
    assert Case.objects.get(pk=overdue_by_tuesday.pk).light == "yellow"


def test_without_a_time_the_sweep_runs_at_the_present(overdue_by_tuesday, time_machine):
    time_machine.move_to(local(2026, 11, 30, 14, 30), tick=False)

    output = _sweep()

    assert output.startswith("1 turned yellow")


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T09:00", "2026-12-01 25:00"])
def test_a_bad_time_is_refused_naming_the_value(db, value):
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("sweep_deadlines", "--at", value, stdout=io.StringIO())

    assert "ISO-8601" in str(refused.value)
    assert value in str(refused.value)
