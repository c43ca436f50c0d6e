"""The one table from case states to GeoReport's open and closed (no database)."""

import pytest

from wangge.cases import workflow
from wangge.cases.workflow import CaseState
from wangge.open311.statuses import (
    CLOSED,
    OPEN,
    STATUS_OF_STATE,
    states_with,
    status_of,
)


def test_the_table_covers_every_state_of_the_workflow_and_nothing_else():
    assert set(STATUS_OF_STATE) == set(CaseState)


@pytest.mark.parametrize("state", sorted(CaseState))
def test_a_state_is_open_exactly_when_the_workflow_counts_it_open(state):
    expected = OPEN if state in workflow.OPEN_STATES else CLOSED
    assert status_of(state) == expected


def test_handled_but_not_verified_is_still_open():
    assert status_of(CaseState.HANDLED) == OPEN


def test_rejected_and_merged_reports_are_closed_like_closed_cases():
    assert {status_of(s) for s in ("rejected", "merged", "closed")} == {CLOSED}


def test_the_states_of_each_status_split_every_state_once():
    opened, closed = states_with(OPEN), states_with(CLOSED)
    assert not set(opened) & set(closed)
    assert sorted(opened + closed) == sorted(CaseState.values)
