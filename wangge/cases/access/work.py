"""My work: the cases waiting for the reader, as a predicate and as a filter.

`case_is_work` (one case, from the actions and steps the page and the API offer) and
`case_work_q` (the list) are built from the same capacities, workflow table and step rules.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from wangge.access.jurisdiction import active_posts
from wangge.cases import workflow
from wangge.cases.access.capacity import (
    CAPACITY,
    NODE,
    NOTHING,
    capacities_of,
    capacity_q,
    case_allowed_actions,
)
from wangge.cases.access.steps import (
    CaseStep,
    case_steps_allowed,
    stands_q,
    step_rules,
    unvisited,
)

if TYPE_CHECKING:
    from wangge.cases.models import Case

State = workflow.CaseState
A = workflow.Action

# Actions that are a choice rather than a turn: they put no case on anyone's list.
NOT_WORK = frozenset({A.ESCALATE})


def case_is_work(user: Any, case: Case) -> bool:
    """Whether the case waits for one of the user's posts (the predicate of `case_work_q`)."""
    actions = set(case_allowed_actions(user, case)) - NOT_WORK
    if not unvisited().holds(case, None):
        actions.discard(A.REOPEN)
    if actions:
        return True
    allowed = case_steps_allowed(user, case)
    for step, rule in step_rules().items():
        if step in allowed and rule.work:
            if rule.work is True or rule.work.holds(case, None):
                return True
    return False


@cache
def _work_states(role: str, capacity: str, node_level: str) -> tuple[tuple, tuple]:
    """(states with a turn for `role` in `capacity`, states whose only turn is reopening)."""
    turn, reopen_only = [], []
    for state in State:
        actions = {
            a
            for a in workflow.allowed_actions(state, {role}, node_level)
            if CAPACITY[a] == capacity
        } - NOT_WORK
        if actions == {A.REOPEN}:
            reopen_only.append(state.value)
        elif actions:
            turn.append(state.value)
    return tuple(turn), tuple(reopen_only)


def _actions_q(post) -> Q:
    """Cases on which the post may take a workflow action that is its turn."""
    q = NOTHING
    for capacity, _q in capacities_of(post):
        level = post.region.level if capacity == NODE else ""
        turn, reopen_only = _work_states(post.role, capacity, level)
        states = Q(state__in=turn) if turn else NOTHING
        if reopen_only:
            states |= Q(state__in=reopen_only) & unvisited().q(post)
        if turn or reopen_only:
            q |= capacity_q(post, capacity) & states
    return q


def _step_q(rule, post) -> Q:
    """Cases on which the post may take the step of `rule` now."""
    found = stands_q(rule, post) & Q(state__in=list(rule.states))
    if rule.holds_q is not None:
        found &= rule.holds_q(post)
    return found


def _steps_q(post) -> Q:
    """Cases on which the post may take a step that waits for it."""
    q = NOTHING
    for rule in step_rules().values():
        if not rule.work:
            continue
        found = _step_q(rule, post)
        if rule.work is not True:
            found &= rule.work.q(post)
        q |= found
    return q


def case_step_q(user: Any, step: str) -> Q:
    """A filter on cases keeping those on which one of the user's posts may take `step`
    now (the query of `case_steps_allowed` for that step, the reporter's part aside)."""
    rule = step_rules()[CaseStep(step)]
    q = NOTHING
    for post in active_posts(user):
        q |= _step_q(rule, post)
    return q


def case_work_q(user: Any) -> Q:
    """A filter on cases keeping those waiting for one of the user's posts ("my work")."""
    q = NOTHING
    for post in active_posts(user):
        q |= _actions_q(post) | _steps_q(post)
    return q
