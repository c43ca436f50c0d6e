"""The case state machine, over its whole table: every legal move, every illegal one, per role."""

import pytest
from django.utils import translation

from wangge.cases import workflow
from wangge.cases.workflow import (
    AUTO_ESCALATING_STATES,
    CLOSED_STATES,
    OPEN_STATES,
    SYSTEM,
    TRANSITIONS,
    Action,
    CaseState,
    TransitionNotAllowed,
    allowed_actions,
    is_closed,
    is_open,
    next_state,
)
from wangge.people.roles import Role

ALL_ROLES = sorted([*Role.values, SYSTEM])

LEGAL_MOVES = [
    pytest.param(state, action, role, new_state, id=f"{state}-{action}-{role}")
    for (state, action), (new_state, roles) in TRANSITIONS.items()
    for role in sorted(roles)
]
WRONG_ROLES = [
    pytest.param(state, action, role, id=f"{state}-{action}-{role}")
    for (state, action), (_new_state, roles) in TRANSITIONS.items()
    for role in ALL_ROLES
    if role not in roles
]
ILLEGAL_MOVES = [
    pytest.param(state, action, id=f"{state}-{action}")
    for state in CaseState
    for action in Action
    if (state, action) not in TRANSITIONS
]


@pytest.mark.parametrize(("state", "action", "role", "new_state"), LEGAL_MOVES)
def test_a_role_in_the_table_makes_the_move(state, action, role, new_state):
    assert next_state(state, action, {role}) == new_state
    assert action in allowed_actions(state, {role})


@pytest.mark.parametrize(("state", "action", "role"), WRONG_ROLES)
def test_a_role_outside_the_table_is_refused(state, action, role):
    with pytest.raises(TransitionNotAllowed) as refused:
        next_state(state, action, {role})
    assert refused.value.state == state
    assert refused.value.action == action
    assert action not in allowed_actions(state, {role})


@pytest.mark.parametrize(("state", "action"), ILLEGAL_MOVES)
def test_an_action_the_state_does_not_allow_is_refused_for_every_role(state, action):
    with pytest.raises(TransitionNotAllowed):
        next_state(state, action, ALL_ROLES)
    assert action not in allowed_actions(state, ALL_ROLES)


def test_the_table_covers_the_canonical_states_and_every_action():
    assert set(CaseState.values) == {
        "reported",
        "registered",
        "rejected",
        "merged",
        "dispatched",
        "in_progress",
        "handled",
        "closed",
    }
    assert {action for _state, action in TRANSITIONS} == set(Action)


def test_the_lifecycle_with_rework_and_reopening_runs_through_the_roles():
    steps = [
        (Action.REGISTER, Role.DESK, CaseState.REGISTERED),
        (Action.DISPATCH, Role.DESK, CaseState.DISPATCHED),
        (Action.ACCEPT, Role.DEPARTMENT_HANDLER, CaseState.IN_PROGRESS),
        (Action.HANDLE, Role.DEPARTMENT_HANDLER, CaseState.HANDLED),
        (Action.VERIFY_FAIL, Role.GRID_WORKER, CaseState.IN_PROGRESS),
        (Action.HANDLE, Role.DEPARTMENT_HANDLER, CaseState.HANDLED),
        (Action.VERIFY_PASS, Role.GRID_WORKER, CaseState.CLOSED),
        (Action.REOPEN, Role.DESK, CaseState.REGISTERED),
    ]
    state = CaseState.REPORTED
    for action, role, expected in steps:
        state = next_state(state, action, {role})
        assert state == expected, action


def test_a_failed_verification_is_rework_back_in_progress_not_a_state():
    assert "rework" not in CaseState.values
    assert next_state("handled", "verify_fail", {"grid_chief"}) == CaseState.IN_PROGRESS


def test_solved_on_the_spot_is_one_step_and_still_awaits_verification():
    state = next_state("reported", "self_handle", {"grid_worker"})
    assert state == CaseState.HANDLED
    assert allowed_actions(state, {"grid_worker"}) == [
        Action.VERIFY_PASS,
        Action.VERIFY_FAIL,
    ]


def test_escalating_and_sending_down_leave_the_case_registered_for_the_next_desk():
    for state in ("registered", "dispatched", "in_progress"):
        assert next_state(state, "escalate", {"desk"}) == CaseState.REGISTERED
    assert next_state("registered", "send_down", {"leader"}) == CaseState.REGISTERED


def test_a_handler_returns_a_misdispatched_case_to_the_desk():
    assert next_state("dispatched", "return", {"community_secretary"}) == "registered"
    assert next_state("in_progress", "return", {"department_handler"}) == "registered"


def test_the_deadline_sweep_may_only_escalate():
    for state in CaseState:
        assert set(allowed_actions(state, {SYSTEM})) <= {Action.ESCALATE}
    assert allowed_actions("dispatched", {SYSTEM}) == [Action.ESCALATE]


def test_only_the_sweep_moves_an_unregistered_report_up_and_it_stays_reported():
    assert next_state("reported", "escalate", {SYSTEM}) == CaseState.REPORTED
    for role in Role.values:
        assert Action.ESCALATE not in allowed_actions("reported", {role})


def test_the_sweep_escalates_from_every_state_a_node_acts_in():
    assert AUTO_ESCALATING_STATES == {
        CaseState.REPORTED,
        CaseState.REGISTERED,
        CaseState.DISPATCHED,
        CaseState.IN_PROGRESS,
    }


def test_supervisors_city_office_and_administrators_change_no_state():
    onlookers = {Role.SUPERVISOR, Role.CITY_OFFICE, Role.ADMIN}
    assert all(not allowed_actions(state, onlookers) for state in CaseState)


def test_rejected_and_merged_cases_are_final_and_a_closed_one_can_only_be_reopened():
    assert allowed_actions("rejected", ALL_ROLES) == []
    assert allowed_actions("merged", ALL_ROLES) == []
    assert allowed_actions("closed", ALL_ROLES) == [Action.REOPEN]


def test_allowed_actions_combine_the_roles_someone_holds():
    assert allowed_actions("reported", {"desk", "grid_worker"}) == [
        Action.REGISTER,
        Action.REJECT,
        Action.MERGE,
        Action.SELF_HANDLE,
    ]
    assert allowed_actions("reported", set()) == []


def test_open_and_closed_states_split_the_states():
    assert OPEN_STATES | CLOSED_STATES == set(CaseState)
    assert not OPEN_STATES & CLOSED_STATES
    assert is_open("handled") and not is_closed("handled")
    assert is_closed("merged") and not is_open("merged")


def test_every_state_is_reachable_from_a_report():
    reached, frontier = {CaseState.REPORTED}, [CaseState.REPORTED]
    while frontier:
        state = frontier.pop()
        for (from_state, _action), (new_state, _roles) in TRANSITIONS.items():
            if from_state == state and new_state not in reached:
                reached.add(new_state)
                frontier.append(new_state)
    assert reached == set(CaseState)


def test_the_refusal_names_the_action_and_the_state():
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        next_state("closed", "dispatch", {"desk"})
    assert (
        str(refused.value) == "“Dispatch” is not possible for a case that is “Closed”."
    )


def test_the_refusal_for_a_wrong_role_says_so():
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        next_state("reported", "register", {"grid_worker"})
    assert str(refused.value) == (
        "Your roles do not allow “Register” on a case that is “Reported”."
    )


def test_an_unknown_action_is_refused_by_name():
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as refused:
        next_state("reported", "approve", {"desk"})
    assert "“approve”" in str(refused.value)


def test_an_unknown_state_is_a_programming_error():
    with pytest.raises(ValueError):
        allowed_actions("pending", {"desk"})


@pytest.mark.parametrize(
    ("level", "barred"),
    [("community", Action.SEND_DOWN), ("city", Action.ESCALATE)],
)
def test_the_ends_of_the_node_chain_rule_an_action_out_for_everyone(level, barred):
    roles = {Role.DESK, Role.LEADER, SYSTEM}
    assert barred in allowed_actions(CaseState.REGISTERED, roles)
    assert barred not in allowed_actions(CaseState.REGISTERED, roles, level)
    with translation.override("en"), pytest.raises(TransitionNotAllowed):
        next_state(CaseState.REGISTERED, barred, roles, level)


def test_the_middle_nodes_may_escalate_and_send_down():
    for level in ("district", "township"):
        assert {Action.ESCALATE, Action.SEND_DOWN} <= set(
            allowed_actions(CaseState.REGISTERED, {Role.DESK}, level)
        )


def test_merge_is_offered_exactly_where_the_table_allows_it():
    assert workflow.MERGEABLE_STATES == {
        state for state in CaseState if (state, Action.MERGE) in workflow.TRANSITIONS
    }
    assert workflow.MERGEABLE_STATES == {CaseState.REPORTED, CaseState.REGISTERED}
