"""Who may see a case, who may act on it, and who may read its reporter's contact data.

As NetBox's `restrict(user, action)`, each rule is written once, as data (role sets, the
workflow table, the states a step needs), and read two ways side by side: a predicate for
one case (`case_allowed_actions`, `case_steps_allowed`, `case_is_work`) and a filter for
many (`case_work_q`, behind "my work"). `tests/test_access.py` checks that they agree over
cases in every state and every capacity.

What someone may *do* depends on the capacity in which a post stands to the case: the node
that owns it, the unit handling it (the lead, 主办), a unit assisting it (协办), or the grid
it lies in. A post stands to a case in one capacity only, tried in that order of
`_capacities`: the unit a post works for comes before the place it sits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from wangge.access.jurisdiction import (
    active_posts,
    jurisdiction_of,
    minimal_roots,
    paths_q,
)
from wangge.cases import workflow
from wangge.people.roles import DEPARTMENT_ROLES, Role

if TYPE_CHECKING:
    from wangge.cases.models import Case

_CACHE_ATTR = "_wangge_case_scope"
NOTHING = Q(pk__in=[])
State = workflow.CaseState
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


# Seeing ---------------------------------------------------------------------------


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
    """Cases the user may see: in the subtrees of their posts, handled or assisted by their
    unit, or reported by them (residents follow their own reports)."""
    from wangge.cases.models import Case, CaseAssist

    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    everything, roots, departments = _case_scope(user)
    if everything:
        return Case.objects.all()
    q = paths_q("cell_path", roots) | Q(reporter_user=user.pk)
    assisting = paths_q("region__path", roots)
    if departments:
        q |= Q(handler_department__in=list(departments))
        assisting |= Q(department__in=list(departments))
    if roots or departments:
        q |= Q(pk__in=CaseAssist.objects.filter(assisting).values("case_id"))
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


# Capacity: the predicate and its filter -------------------------------------------


def _assists(case: Case) -> list:
    """The case's assisting units (from the prefetch, if any); none for a case not saved yet."""
    return list(case.assists.all()) if case.pk else []


def _is_unit_of(post, assist) -> bool:
    """Whether the post works for the assisting unit of `assist`."""
    if post.role in DEPARTMENT_ROLES:
        return assist.department_id is not None and assist.department_id == (
            post.department_id
        )
    return post.role in _UNIT_HEADS and assist.region_id == post.region_id


def capacity_of(post, case: Case, assists: list) -> str | None:
    """The capacity in which a post stands to a case, if any (`_capacities` as a query)."""
    if post.role in DEPARTMENT_ROLES:
        if post.department_id == case.handler_department_id:
            return HANDLER
        return ASSIST if any(_is_unit_of(post, a) for a in assists) else None
    if post.role in _UNIT_HEADS:
        if post.region_id == case.handler_region_id:
            return HANDLER
        if any(_is_unit_of(post, a) for a in assists):
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


def _assisted_by(post, **rows) -> Q:
    from wangge.cases.models import CaseAssist

    found = CaseAssist.objects.filter(_assist_unit_q(post), **rows)
    return Q(pk__in=found.values("case_id"))


def _capacities(post) -> list[tuple[str, Q]]:
    """Each capacity the post may stand in, with the cases it stands to so, in order."""
    if post.role in DEPARTMENT_ROLES:
        return [
            (HANDLER, Q(handler_department_id=post.department_id)),
            (ASSIST, _assisted_by(post)),
        ]
    found = []
    if post.role in _UNIT_HEADS:
        found += [
            (HANDLER, Q(handler_region_id=post.region_id)),
            (ASSIST, _assisted_by(post)),
        ]
    if post.role in _GRID_ROLES:
        found.append((GRID, Q(cell_id=post.region_id)))
    return [*found, (NODE, Q(node_id=post.region_id))]


def capacity_q(post, capacity: str) -> Q:
    """The cases to which the post stands in `capacity`, and in no capacity tried before it."""
    earlier: list[Q] = []
    for candidate, q in _capacities(post):
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
        assists = _assists(case)
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


def can_see_reporter(user: Any, case: Case) -> bool:
    """Whether the user reads the reporter's contact data in full (otherwise it is masked)."""
    if jurisdiction_of(user).is_global:
        return True
    return any(
        post.role in _CONTACT_ROLES
        for held in case_posts(user, case).values()
        for post in held
    )


# Steps beside the workflow: oversight, photos, rating, assisting units --------------


class CaseStep(StrEnum):
    """Steps that change flags, deadlines or parts of the work, not the state."""

    SUPERVISE = "supervise"
    SUPERVISION_REPLY = "supervision_reply"
    EXTENSION_REQUEST = "extension_request"
    EXTENSION_DECIDE = "extension_decide"
    SHELVING_REQUEST = "shelving_request"
    SHELVING_DECIDE = "shelving_decide"
    UNSHELVE = "unshelve"
    RATE = "rate"
    RETURN_VISIT = "return_visit"
    PHOTO_BEFORE = "photo_before"
    PHOTO_AFTER = "photo_after"
    PHOTO_VERIFICATION = "photo_verification"
    ASSIST_ADD = "assist_add"
    ASSIST_ACCEPT = "assist_accept"
    ASSIST_REPORT = "assist_report"


# The photo step of each photo stage (`CaseAttachment.Stage` values).
PHOTO_STEPS: Mapping[str, CaseStep] = {
    "before": CaseStep.PHOTO_BEFORE,
    "after": CaseStep.PHOTO_AFTER,
    "verification": CaseStep.PHOTO_VERIFICATION,
}

ANY = None  # any role, in a capacity


@dataclass(frozen=True)
class StepRule:
    """Who may take a step and when: posts in a capacity (with these roles, or any), or
    posts at or above the case's node with these roles; in these states; and, for offering
    it, a condition on the case's rows, written as a predicate and as its query."""

    states: frozenset[str]
    capacities: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    above: frozenset[str] = frozenset()
    holds: Callable[[Case, Any], bool] | None = None
    holds_q: Callable[[Any], Q] | None = None
    # Whether a case on which the step is allowed waits for the post ("my work"): always
    # (True), never (False), or under a further condition (a predicate and its query).
    work: bool | tuple[Callable, Callable] = False
    # The case's reporter may take it too, without a post.
    reporter: bool = False


def _pending(related: str) -> tuple[Callable, Callable]:
    from wangge.cases.models import RequestStatus

    def holds(case, post) -> bool:
        return any(
            r.status == RequestStatus.PENDING for r in getattr(case, related).all()
        )

    def holds_q(post) -> Q:
        model = getattr(_case_model(), related).rel.related_model
        return Q(
            Exists(
                model.objects.filter(case=OuterRef("pk"), status=RequestStatus.PENDING)
            )
        )

    return holds, holds_q


def _case_model():
    from wangge.cases.models import Case

    return Case


def _negated(pair: tuple[Callable, Callable]) -> tuple[Callable, Callable]:
    holds, holds_q = pair
    return (lambda case, post: not holds(case, post)), (lambda post: ~holds_q(post))


def _both(*pairs: tuple[Callable, Callable]) -> tuple[Callable, Callable]:
    def holds(case, post) -> bool:
        return all(h(case, post) for h, _q in pairs)

    def holds_q(post) -> Q:
        q = Q()
        for _h, hq in pairs:
            q &= hq(post)
        return q

    return holds, holds_q


def _order_to_answer() -> tuple[Callable, Callable]:
    """An open supervision order that someone else issued: nobody answers their own."""
    from wangge.cases.models import SupervisionOrder

    def holds(case, post) -> bool:
        return any(
            o.is_open and o.issued_by_id != post.user_id
            for o in case.supervision_orders.all()
        )

    def holds_q(post) -> Q:
        orders = SupervisionOrder.objects.filter(
            case=OuterRef("pk"), replied_at__isnull=True
        ).exclude(issued_by_id=post.user_id)
        return Q(Exists(orders))

    return holds, holds_q


def _flag(name: str, value: Any) -> tuple[Callable, Callable]:
    return (
        lambda case, post: getattr(case, name) == value,
        lambda post: Q(**{name: value}),
    )


def _unvisited() -> tuple[Callable, Callable]:
    """The reporter is unsatisfied and no return visit was recorded since the rating."""
    from wangge.cases.models import CaseEvent, Satisfaction

    def holds(case, post) -> bool:
        if case.satisfaction != Satisfaction.UNSATISFIED:
            return False
        return not any(
            e.action == "return_visit"
            and case.rated_at is not None
            and e.created_at >= case.rated_at
            for e in case.events.all()
        )

    def holds_q(post) -> Q:
        visits = CaseEvent.objects.filter(
            case=OuterRef("pk"),
            action="return_visit",
            created_at__gte=OuterRef("rated_at"),
        )
        return Q(satisfaction=Satisfaction.UNSATISFIED) & ~Q(Exists(visits))

    return holds, holds_q


def _own_part(*, accepted: bool) -> tuple[Callable, Callable]:
    """The post's unit assists the case and its part waits to be accepted (or reported)."""

    def holds(case, post) -> bool:
        return any(
            _is_unit_of(post, a)
            and (a.accepted_at is not None) == accepted
            and a.reported_at is None
            for a in _assists(case)
        )

    def holds_q(post) -> Q:
        return _assisted_by(
            post, accepted_at__isnull=not accepted, reported_at__isnull=True
        )

    return holds, holds_q


def _rule(states, *, when=None, **kwargs) -> StepRule:
    holds, holds_q = when or (None, None)
    return StepRule(frozenset(states), holds=holds, holds_q=holds_q, **kwargs)


_OPEN = workflow.OPEN_STATES
_HANDLING = workflow.HANDLING_STATES
_CLOSED = {State.CLOSED}
# Before the work is reported done: the states a photo "before" belongs to.
_BEFORE_DONE = {State.REPORTED, State.REGISTERED, *_HANDLING}
# Those who answer for the owning node when it is asked to explain itself.
_NODE_ANSWER = frozenset({Role.DESK, Role.COMMUNITY_SECRETARY, Role.FIRST_RESPONSIBLE})
_SUPERVISORS = frozenset({Role.SUPERVISOR, Role.LEADER, Role.CITY_OFFICE})
_DESKS = frozenset({Role.DESK})


@cache
def step_rules() -> Mapping[CaseStep, StepRule]:
    """Each step's rule (built once, when the models are loaded)."""
    S = CaseStep
    return {
        S.SUPERVISE: _rule(_OPEN, above=_SUPERVISORS),
        S.SUPERVISION_REPLY: _rule(
            _OPEN,
            capacities={HANDLER: ANY, NODE: _NODE_ANSWER},
            when=_order_to_answer(),
            work=True,
        ),
        S.EXTENSION_REQUEST: _rule(
            _HANDLING,
            capacities={HANDLER: ANY},
            when=_negated(_pending("extension_requests")),
        ),
        S.EXTENSION_DECIDE: _rule(
            _HANDLING,
            above=frozenset({Role.DESK, Role.LEADER}),
            when=_pending("extension_requests"),
            work=True,
        ),
        S.SHELVING_REQUEST: _rule(
            _OPEN,
            capacities={HANDLER: ANY, NODE: ANY},
            when=_both(
                _flag("is_shelved", False), _negated(_pending("shelving_requests"))
            ),
        ),
        S.SHELVING_DECIDE: _rule(
            _OPEN,
            above=frozenset({Role.LEADER, Role.CITY_OFFICE}),
            when=_pending("shelving_requests"),
            work=True,
        ),
        S.UNSHELVE: _rule(
            _OPEN,
            above=frozenset({Role.LEADER, Role.CITY_OFFICE}),
            when=_flag("is_shelved", True),
        ),
        # The owning node's desk calls the reporter back and records what they said.
        S.RATE: _rule(
            _CLOSED,
            capacities={NODE: _DESKS},
            reporter=True,
            when=_flag("satisfaction", ""),
        ),
        S.RETURN_VISIT: _rule(
            _CLOSED,
            capacities={NODE: _DESKS},
            when=_flag("satisfaction", "unsatisfied"),
            work=_unvisited(),
        ),
        S.PHOTO_BEFORE: _rule(
            _BEFORE_DONE, capacities={NODE: ANY, GRID: ANY, HANDLER: ANY, ASSIST: ANY}
        ),
        S.PHOTO_AFTER: _rule(
            {State.IN_PROGRESS}, capacities={HANDLER: ANY, ASSIST: ANY}
        ),
        S.PHOTO_VERIFICATION: _rule({State.HANDLED}, capacities={GRID: ANY}),
        S.ASSIST_ADD: _rule(_HANDLING, capacities={NODE: _DESKS, HANDLER: ANY}),
        S.ASSIST_ACCEPT: _rule(
            _HANDLING,
            capacities={ASSIST: ANY},
            when=_own_part(accepted=False),
            work=True,
        ),
        S.ASSIST_REPORT: _rule(
            _HANDLING,
            capacities={ASSIST: ANY},
            when=_own_part(accepted=True),
            work=True,
        ),
    }


def _stands(rule: StepRule, post, capacity: str | None, case: Case) -> bool:
    """Whether the post is one who may take the step (whatever the case's state)."""
    if capacity in rule.capacities:
        roles = rule.capacities[capacity]
        if roles is ANY or post.role in roles:
            return True
    return post.role in rule.above and case.node.path.startswith(post.region.path)


def _stands_q(rule: StepRule, post) -> Q:
    """The cases to which the post stands so as to take the step (`_stands` as a query)."""
    q = NOTHING
    for capacity, roles in rule.capacities.items():
        if roles is ANY or post.role in roles:
            q |= capacity_q(post, capacity)
    if post.role in rule.above:
        q |= Q(node__path__startswith=post.region.path)
    return q


def step_post(user: Any, case: Case, step: str):
    """The user's post in which they may take `step` on the case, whatever its state; or None."""
    rule = step_rules()[CaseStep(step)]
    assists = _assists(case)
    for post in active_posts(user):
        if _stands(rule, post, capacity_of(post, case, assists), case):
            return post
    return None


def step_state_allows(case: Case, step: str) -> bool:
    """Whether the case's state allows `step` at all (services refuse with 400 otherwise)."""
    return case.state in step_rules()[CaseStep(step)].states


def is_reporter(user: Any, case: Case) -> bool:
    """Whether the user is the account that reported the case."""
    return case.reporter_user_id is not None and case.reporter_user_id == getattr(
        user, "pk", None
    )


def _step_allowed(rule: StepRule, user: Any, case: Case, posts) -> bool:
    if case.state not in rule.states:
        return False
    if rule.reporter and is_reporter(user, case):
        return rule.holds is None or rule.holds(case, None)
    return any(
        _stands(rule, post, capacity, case)
        and (rule.holds is None or rule.holds(case, post))
        for post, capacity in posts
    )


def case_steps_allowed(user: Any, case: Case) -> frozenset[str]:
    """The steps beside the workflow that the user may take on the case now (page and API)."""
    assists = _assists(case)
    posts = [(p, capacity_of(p, case, assists)) for p in active_posts(user)]
    return frozenset(
        str(step)
        for step, rule in step_rules().items()
        if _step_allowed(rule, user, case, posts)
    )


# My work: what waits for the reader, as a predicate and as a filter ----------------

# Actions that are a choice rather than a turn: they put no case on anyone's list.
NOT_WORK = frozenset({A.ESCALATE})


def case_is_work(user: Any, case: Case) -> bool:
    """Whether the case waits for one of the user's posts (the predicate of `case_work_q`)."""
    actions = set(case_allowed_actions(user, case)) - NOT_WORK
    if not _unvisited()[0](case, None):
        actions.discard(A.REOPEN)
    if actions:
        return True
    allowed = case_steps_allowed(user, case)
    for step, rule in step_rules().items():
        if step in allowed and rule.work:
            if rule.work is True or rule.work[0](case, None):
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
    for capacity, _q in _capacities(post):
        level = post.region.level if capacity == NODE else ""
        turn, reopen_only = _work_states(post.role, capacity, level)
        states = Q(state__in=turn) if turn else NOTHING
        if reopen_only:
            states |= Q(state__in=reopen_only) & _unvisited()[1](post)
        if turn or reopen_only:
            q |= capacity_q(post, capacity) & states
    return q


def _steps_q(post) -> Q:
    """Cases on which the post may take a step that waits for it."""
    q = NOTHING
    for rule in step_rules().values():
        if not rule.work:
            continue
        found = _stands_q(rule, post) & Q(state__in=list(rule.states))
        if rule.holds_q is not None:
            found &= rule.holds_q(post)
        if rule.work is not True:
            found &= rule.work[1](post)
        q |= found
    return q


def case_work_q(user: Any) -> Q:
    """A filter on cases keeping those waiting for one of the user's posts ("my work")."""
    q = NOTHING
    for post in active_posts(user):
        q |= _actions_q(post) | _steps_q(post)
    return q
