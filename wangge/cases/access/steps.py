"""The steps beside the workflow: who may take each, in which states, and when it is offered.

One `StepRule` per step (supervision, extensions, shelving, rating, return visits, photos
by stage, assisting parts), read as a predicate for one case (`case_steps_allowed`,
`step_post`) and as a query (`stands_q` with the rule's `holds_q`) for "my work".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q

from wangge.access.jurisdiction import active_posts
from wangge.cases import workflow
from wangge.cases.access.capacity import (
    ASSIST,
    GRID,
    HANDLER,
    NODE,
    NOTHING,
    assisted_by,
    assists_of,
    capacity_of,
    capacity_q,
    is_unit_of,
)
from wangge.cases.models import (
    Case,
    CaseEvent,
    RequestStatus,
    Satisfaction,
    SupervisionOrder,
)
from wangge.people.roles import Role

State = workflow.CaseState


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


class Condition(NamedTuple):
    """A condition on a case's rows, written twice: for one case and as a query on cases."""

    holds: Callable[[Case, Any], bool]
    q: Callable[[Any], Q]


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
    work: bool | Condition = False
    # The case's reporter may take it too, without a post.
    reporter: bool = False


def _pending(related: str) -> Condition:
    def holds(case, post) -> bool:
        return any(
            r.status == RequestStatus.PENDING for r in getattr(case, related).all()
        )

    def holds_q(post) -> Q:
        model = getattr(Case, related).rel.related_model
        return Q(
            Exists(
                model.objects.filter(case=OuterRef("pk"), status=RequestStatus.PENDING)
            )
        )

    return Condition(holds, holds_q)


def _negated(pair: Condition) -> Condition:
    holds, holds_q = pair
    return Condition(
        lambda case, post: not holds(case, post), lambda post: ~holds_q(post)
    )


def _both(*pairs: Condition) -> Condition:
    def holds(case, post) -> bool:
        return all(h(case, post) for h, _q in pairs)

    def holds_q(post) -> Q:
        q = Q()
        for _h, hq in pairs:
            q &= hq(post)
        return q

    return Condition(holds, holds_q)


def _order_to_answer() -> Condition:
    """An open supervision order that someone else issued: nobody answers their own."""

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

    return Condition(holds, holds_q)


def _flag(name: str, value: Any) -> Condition:
    return Condition(
        lambda case, post: getattr(case, name) == value,
        lambda post: Q(**{name: value}),
    )


def unvisited() -> Condition:
    """The reporter is unsatisfied and no return visit was recorded since the rating."""

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

    return Condition(holds, holds_q)


def _own_part(*, accepted: bool) -> Condition:
    """The post's unit assists the case and its part waits to be accepted (or reported)."""

    def holds(case, post) -> bool:
        return any(
            is_unit_of(post, a)
            and (a.accepted_at is not None) == accepted
            and a.reported_at is None
            for a in assists_of(case)
        )

    def holds_q(post) -> Q:
        return assisted_by(
            post, accepted_at__isnull=not accepted, reported_at__isnull=True
        )

    return Condition(holds, holds_q)


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
            work=unvisited(),
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


def stands_q(rule: StepRule, post) -> Q:
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
    assists = assists_of(case)
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
    assists = assists_of(case)
    posts = [(p, capacity_of(p, case, assists)) for p in active_posts(user)]
    return frozenset(
        str(step)
        for step, rule in step_rules().items()
        if _step_allowed(rule, user, case, posts)
    )
