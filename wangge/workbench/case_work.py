"""My work: the cases whose next step is the reader's to take.

A case waits for the reader when a post of theirs may take a workflow action on it, answer
its open supervision order, or decide a pending request for more time or for shelving.
The rules are those of `access.cases` (which post stands to a case in which capacity, who
oversees it) and the workflow table, turned into one filter so the list needs no check
per case. Escalation is left out: a node may escalate any open case it owns, which makes
none of them its work. A closed case counts only once its reporter is unsatisfied:
reopening is then the desk's work, not before. `tests/test_views_case_list.py` checks that
this filter and the steps the case page offers agree on cases in every state.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Q

from wangge.access.jurisdiction import active_posts
from wangge.cases import workflow
from wangge.cases.access import CAPACITY, GRID, HANDLER, NODE, OVERSIGHT_ROLES
from wangge.cases.models import (
    ExtensionRequest,
    RequestStatus,
    Satisfaction,
    ShelvingRequest,
    SupervisionOrder,
)
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


def _actions_q(post) -> Q:
    """Cases on which the post may take a workflow action that is its turn."""
    if post.role in DEPARTMENT_ROLES:
        return Q(handler_department_id=post.department_id) & _in(
            _states(post.role, HANDLER)
        )
    # A post stands to a case in one capacity only, tried in the order of `access`:
    # grid of the cell, then territorial handling unit, then owning node.
    q = NOTHING
    at_node = Q(node_id=post.region_id)
    if post.role in _GRID_ROLES:
        q |= Q(cell_id=post.region_id) & _in(_states(post.role, GRID))
        at_node &= ~Q(cell_id=post.region_id)
    if post.role in _TERRITORIAL_HANDLERS:
        q |= Q(handler_region_id=post.region_id) & _in(_states(post.role, HANDLER))
        at_node &= ~Q(handler_region_id=post.region_id)
    return q | at_node & _in(_states(post.role, NODE, post.region.level))


def _answers_q(post) -> Q:
    """Cases the post answers supervision orders for: as handling unit or owning node."""
    if post.role in DEPARTMENT_ROLES:
        return Q(handler_department_id=post.department_id)
    q = Q(node_id=post.region_id)
    if post.role in _TERRITORIAL_HANDLERS:
        q |= Q(handler_region_id=post.region_id)
    return q


def _decisions_q(post) -> Q:
    """Cases at or below the post's region with a request the post decides."""
    q = NOTHING
    below = Q(node__path__startswith=post.region.path)
    if post.role in OVERSIGHT_ROLES["decide_extension"]:
        q |= below & Q(pk__in=_pending(ExtensionRequest))
    if post.role in OVERSIGHT_ROLES["decide_shelving"]:
        q |= below & Q(pk__in=_pending(ShelvingRequest))
    return q


def _pending(model):
    return model.objects.filter(status=RequestStatus.PENDING).values("case_id")


def my_work_q(user: Any) -> Q:
    """A filter on cases keeping those waiting for one of the user's posts."""
    open_orders = Q(
        pk__in=SupervisionOrder.objects.filter(replied_at__isnull=True).values(
            "case_id"
        )
    )
    q = NOTHING
    for post in active_posts(user):
        q |= _actions_q(post) | (_answers_q(post) & open_orders) | _decisions_q(post)
    return q
