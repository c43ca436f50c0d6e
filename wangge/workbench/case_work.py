"""My work: the cases whose next step is the reader's to take.

The rules are those of `access.cases.case_allowed_actions` (which post stands to a case in
which capacity, and what the workflow table lets its role do in each state), turned into
one filter so the list needs no check per case. Escalation is left out: a node may
escalate any open case it owns, which makes none of them its work. A closed case counts
only once its reporter is unsatisfied: reopening is then the desk's work, not before.
`tests/test_views_case_list.py` checks that both agree on every state.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Q

from wangge.access.cases import CAPACITY, GRID, HANDLER, NODE
from wangge.access.jurisdiction import active_posts
from wangge.cases import workflow
from wangge.cases.models import Satisfaction
from wangge.people.roles import DEPARTMENT_ROLES, Role
from wangge.regions.levels import Level

CaseState = workflow.CaseState
_GRID_ROLES = frozenset({Role.GRID_WORKER, Role.GRID_CHIEF})
_TERRITORIAL_HANDLERS = frozenset({Role.COMMUNITY_SECRETARY, Role.FIRST_RESPONSIBLE})
# Actions that are a choice rather than a turn: they put no case on anyone's list.
NOT_WORK = frozenset({workflow.Action.ESCALATE})
# Actions a node cannot take by its level: nothing lies below a community.
_NOT_AT_LEVEL = {Level.COMMUNITY: workflow.Action.SEND_DOWN}
NOTHING = Q(pk__in=[])


@cache
def _states(role: str, capacity: str, node_level: str = "") -> tuple[str, ...]:
    """The states in which `role`, standing to a case in `capacity`, has a step to take."""
    barred = NOT_WORK | {_NOT_AT_LEVEL.get(node_level)}
    return tuple(
        state.value
        for state in CaseState
        if any(
            CAPACITY[action] == capacity and action not in barred
            for action in workflow.allowed_actions(state, {role})
        )
    )


def _in(states: tuple[str, ...]) -> Q:
    if not states:
        return NOTHING
    q = Q(state__in=[s for s in states if s != CaseState.CLOSED])
    if CaseState.CLOSED in states:
        q |= Q(state=CaseState.CLOSED, satisfaction=Satisfaction.UNSATISFIED)
    return q


def my_work_q(user: Any) -> Q:
    """A filter on cases keeping those waiting for one of the user's posts."""
    q = NOTHING
    for post in active_posts(user):
        if post.role in DEPARTMENT_ROLES:
            q |= Q(handler_department_id=post.department_id) & _in(
                _states(post.role, HANDLER)
            )
            continue
        # A post stands to a case in one capacity only, tried in the order of `access`:
        # grid of the cell, then territorial handling unit, then owning node.
        at_node = Q(node_id=post.region_id)
        if post.role in _GRID_ROLES:
            q |= Q(cell_id=post.region_id) & _in(_states(post.role, GRID))
            at_node &= ~Q(cell_id=post.region_id)
        if post.role in _TERRITORIAL_HANDLERS:
            q |= Q(handler_region_id=post.region_id) & _in(_states(post.role, HANDLER))
            at_node &= ~Q(handler_region_id=post.region_id)
        q |= at_node & _in(_states(post.role, NODE, post.region.level))
    return q
