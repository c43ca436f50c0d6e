"""The capacity in which a post stands to a case, as a predicate and as a filter.

`capacity_of` (one case) and `capacity_q` (many) read the same role sets in the same
order: the unit a post works for (lead, then assisting) before the place it sits (grid,
then owning node). A post stands to a case in one capacity only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from wangge.access.jurisdiction import active_posts
from wangge.cases import workflow
from wangge.cases.models import Case, CaseAssist
from wangge.people.roles import DEPARTMENT_ROLES, Role

NOTHING = Q(pk__in=[])
A = workflow.Action

# The capacities in which a post stands to a case.
NODE, HANDLER, ASSIST, GRID = "node", "handler", "assist", "grid"
CAPACITY: dict[str, str] = {
    A.REGISTER: NODE,
    A.REJECT: NODE,
    A.MERGE: NODE,
    A.DISPATCH: NODE,
    A.ESCALATE: NODE,
    A.SEND_DOWN: NODE,
    A.REOPEN: NODE,
    A.ACCEPT: HANDLER,
    A.RETURN: HANDLER,
    A.HANDLE: HANDLER,
    A.VERIFY_PASS: GRID,
    A.VERIFY_FAIL: GRID,
    A.SELF_HANDLE: GRID,
}

_GRID_ROLES = frozenset({Role.GRID_WORKER, Role.GRID_CHIEF})
# The heads of a territorial unit who take its dispatches: of a community or a township,
# and the grid chief of a cell ("most problems are solved inside the grid").
_UNIT_HEADS = frozenset(
    {Role.COMMUNITY_SECRETARY, Role.FIRST_RESPONSIBLE, Role.GRID_CHIEF}
)


def assists_of(case: Case) -> list:
    """The case's assisting units (from the prefetch, if any); none for a case not saved yet."""
    return list(case.assists.all()) if case.pk else []


def is_unit_of(post, assist) -> bool:
    """Whether the post works for the assisting unit of `assist`."""
    if post.role in DEPARTMENT_ROLES:
        return assist.department_id is not None and assist.department_id == (
            post.department_id
        )
    return post.role in _UNIT_HEADS and assist.region_id == post.region_id


def capacity_of(post, case: Case, assists: list) -> str | None:
    """The capacity in which a post stands to a case, if any (`capacities_of` as a query)."""
    if post.role in DEPARTMENT_ROLES:
        if post.department_id == case.handler_department_id:
            return HANDLER
        return ASSIST if any(is_unit_of(post, a) for a in assists) else None
    if post.role in _UNIT_HEADS:
        if post.region_id == case.handler_region_id:
            return HANDLER
        if any(is_unit_of(post, a) for a in assists):
            return ASSIST
    if post.role in _GRID_ROLES and post.region_id == case.cell_id:
        return GRID
    if post.region_id == case.node_id:
        return NODE
    return None


def _assist_unit_q(post) -> Q:
    """Assisting-unit rows of the post's unit (the query form of `_is_unit_of`)."""
    if post.role in DEPARTMENT_ROLES:
        return Q(department_id=post.department_id)
    if post.role in _UNIT_HEADS:
        return Q(region_id=post.region_id)
    return NOTHING


def assisted_by(post, **rows) -> Q:

    found = CaseAssist.objects.filter(_assist_unit_q(post), **rows)
    return Q(pk__in=found.values("case_id"))


def capacities_of(post) -> list[tuple[str, Q]]:
    """Each capacity the post may stand in, with the cases it stands to so, in order."""
    if post.role in DEPARTMENT_ROLES:
        return [
            (HANDLER, Q(handler_department_id=post.department_id)),
            (ASSIST, assisted_by(post)),
        ]
    found = []
    if post.role in _UNIT_HEADS:
        found += [
            (HANDLER, Q(handler_region_id=post.region_id)),
            (ASSIST, assisted_by(post)),
        ]
    if post.role in _GRID_ROLES:
        found.append((GRID, Q(cell_id=post.region_id)))
    return [*found, (NODE, Q(node_id=post.region_id))]


def capacity_q(post, capacity: str) -> Q:
    """The cases to which the post stands in `capacity`, and in no capacity tried before it."""
    earlier: list[Q] = []
    for candidate, q in capacities_of(post):
        if candidate == capacity:
            for before in earlier:
                q &= ~before
            return q
        earlier.append(q)
    return NOTHING


def case_posts(user: Any, case: Case) -> dict[str, list]:
    """The user's posts in force that stand to this case, by capacity."""
    found: dict[str, list] = {NODE: [], HANDLER: [], ASSIST: [], GRID: []}
    if getattr(user, "is_authenticated", False):
        assists = assists_of(case)
        for post in active_posts(user):
            capacity = capacity_of(post, case, assists)
            if capacity is not None:
                found[capacity].append(post)
    return found


# Workflow actions -----------------------------------------------------------------


def case_roles(user: Any, case: Case, action: str) -> frozenset[str]:
    """The roles the user holds for taking `action` on this case, for `workflow.next_state`."""
    capacity = CAPACITY.get(action, NODE)
    return frozenset(post.role for post in case_posts(user, case)[capacity])


def case_allowed_actions(user: Any, case: Case) -> list[str]:
    """The workflow actions the user may take on the case now."""
    allowed: set[str] = set()
    for capacity, held in case_posts(user, case).items():
        roles = {post.role for post in held}
        allowed.update(
            a
            for a in workflow.allowed_actions(case.state, roles, case.node.level)
            if CAPACITY[a] == capacity
        )
    return [str(a) for a in workflow.Action if a in allowed]


def case_post_for(user: Any, case: Case, action: str):
    """The post in which the user takes `action` on the case (for the event record), if any."""
    held = case_posts(user, case)[CAPACITY.get(action, NODE)]
    return held[0] if held else None


def handler_post(user: Any, case: Case):
    """The user's post in the unit now handling the case (the lead), or None."""
    held = case_posts(user, case)[HANDLER]
    return held[0] if held else None
