"""Who may see a case, who may act on it, and who may read its reporter's contact data.

Part of `access`, the one place for such rules. Visibility comes from posts on regions
(the case's cell lies in the post's subtree) and from department posts (the department
handles the case). What someone may *do* depends on where they sit relative to the case:
the desk of the node that owns it, the unit that handles it, the grid it lies in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from wangge.access.jurisdiction import (
    active_posts,
    jurisdiction_of,
    minimal_roots,
    paths_q,
)
from wangge.cases import workflow
from wangge.people.roles import DEPARTMENT_ROLES, Role
from wangge.regions.levels import Level

if TYPE_CHECKING:
    from wangge.cases.models import Case

_CACHE_ATTR = "_wangge_case_scope"

A = workflow.Action
# In which capacity an action is taken: for the node that owns the case, as the unit
# handling it, or as the grid it lies in. A post counts only in its own capacity, so a
# community secretary at the owning node cannot accept a department's dispatch.
NODE, HANDLER, GRID = "node", "handler", "grid"
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
del A

# Who reads the reporter's phone number in full: those who call the reporter back.
_CONTACT_ROLES = frozenset(
    {
        Role.DESK,
        Role.DEPARTMENT_HANDLER,
        Role.COMMUNITY_SECRETARY,
        Role.FIRST_RESPONSIBLE,
        Role.GRID_WORKER,
        Role.GRID_CHIEF,
    }
)


def _case_scope(user: Any) -> tuple[bool, tuple[str, ...], frozenset[int]]:
    """(sees everything, region subtree roots, departments) for cases, cached on the user."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    j = jurisdiction_of(user)
    posts = active_posts(user) if not j.is_empty else []
    scope = (
        j.is_global,
        minimal_roots([p.region.path for p in posts if p.role not in DEPARTMENT_ROLES]),
        j.department_ids,
    )
    try:
        setattr(user, _CACHE_ATTR, scope)
    except AttributeError:
        pass
    return scope


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases the user may see: in the subtrees of their posts, handled by their department,
    or reported by them (residents follow their own reports)."""
    from wangge.cases.models import Case

    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    everything, roots, departments = _case_scope(user)
    if everything:
        return Case.objects.all()
    q = paths_q("cell_path", roots) | Q(reporter_user=user.pk)
    if departments:
        q |= Q(handler_department__in=list(departments))
    return Case.objects.filter(q)


def case_get_for_user(user: Any, number: str, *, for_update: bool = False) -> Case:
    """One case by number or id, or 404 when it does not exist or lies outside the user's area."""
    queryset = cases_visible_to(user).select_related(
        "category", "cell", "node", "handler_department", "handler_region"
    )
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    lookup = Q(number=number)
    if str(number).isdigit() and len(str(number)) < 12:
        lookup |= Q(pk=int(number))
    case = queryset.filter(lookup).first()
    if case is None:
        raise Http404("No such case.")
    return case


def _capacity_of(post, case: Case) -> str | None:
    """The capacity in which a post stands to a case, if any."""
    if post.role in DEPARTMENT_ROLES:
        return HANDLER if post.department_id == case.handler_department_id else None
    if post.region_id == case.cell_id and post.role in (
        Role.GRID_WORKER,
        Role.GRID_CHIEF,
    ):
        return GRID
    if post.region_id == case.handler_region_id and post.role in (
        Role.COMMUNITY_SECRETARY,
        Role.FIRST_RESPONSIBLE,
    ):
        return HANDLER
    if post.region_id == case.node_id:
        return NODE
    return None


def case_posts(user: Any, case: Case) -> dict[str, list]:
    """The user's posts in force that stand to this case, by capacity."""
    found: dict[str, list] = {NODE: [], HANDLER: [], GRID: []}
    if getattr(user, "is_authenticated", False):
        for post in active_posts(user):
            capacity = _capacity_of(post, case)
            if capacity is not None:
                found[capacity].append(post)
    return found


def case_roles(user: Any, case: Case, action: str) -> frozenset[str]:
    """The roles the user holds for taking `action` on this case, for `workflow.next_state`."""
    capacity = CAPACITY.get(action, NODE)
    return frozenset(post.role for post in case_posts(user, case)[capacity])


def case_allowed_actions(user: Any, case: Case) -> list[str]:
    """The workflow actions the user may take on the case now."""
    posts = case_posts(user, case)
    allowed = []
    for capacity, held in posts.items():
        roles = {post.role for post in held}
        allowed += [
            a
            for a in workflow.allowed_actions(case.state, roles)
            if CAPACITY[a] == capacity
        ]
    # The ends of the node chain: nothing lies below a community, nothing above the city.
    if case.node.level == Level.COMMUNITY:
        allowed = [a for a in allowed if a != workflow.Action.SEND_DOWN]
    elif case.node.level == Level.CITY:
        allowed = [a for a in allowed if a != workflow.Action.ESCALATE]
    return [str(a) for a in workflow.Action if a in allowed]


def case_post_for(user: Any, case: Case, action: str):
    """The post in which the user takes `action` on the case (for the event record), if any."""
    held = case_posts(user, case)[CAPACITY.get(action, NODE)]
    return held[0] if held else None


def can_see_reporter(user: Any, case: Case) -> bool:
    """Whether the user reads the reporter's contact data in full (otherwise it is masked)."""
    if jurisdiction_of(user).is_global:
        return True
    return any(
        post.role in _CONTACT_ROLES
        for held in case_posts(user, case).values()
        for post in held
    )


# Who may take the steps that change flags and deadlines rather than the state, by the
# roles of posts at the case's node or above it (supervision comes from higher nodes).
OVERSIGHT_ROLES: dict[str, frozenset[str]] = {
    "supervise": frozenset({Role.SUPERVISOR, Role.LEADER, Role.CITY_OFFICE}),
    "decide_extension": frozenset({Role.DESK, Role.LEADER}),
    "decide_shelving": frozenset({Role.LEADER, Role.CITY_OFFICE}),
    "return_visit": frozenset({Role.DESK}),
    "rate_for_reporter": frozenset({Role.DESK}),
}


def oversight_post(user: Any, case: Case, step: str):
    """The user's post at or above the case's node that allows `step`, or None."""
    roles = OVERSIGHT_ROLES[step]
    for post in active_posts(user):
        if post.role in roles and case.node.path.startswith(post.region.path):
            return post
    return None


def handler_post(user: Any, case: Case):
    """The user's post in the unit now handling the case, or None."""
    held = case_posts(user, case)[HANDLER]
    return held[0] if held else None
