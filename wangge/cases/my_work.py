"""What waits for a person's action, by role: the figures and short lists of their home page.

Every figure starts from the reader's jurisdiction (`cases_visible_to`) and from the same
rules as "my work" and the case page's steps (`case_work_q`, `case_step_q`), so a case
counted here is one the reader finds on their list and may act on. Each group of figures
is one query, whatever the data; a group that none of the reader's roles reads is not
asked at all. The page (`/`) and the API (`GET /api/v1/me/work`) read the same `MyWork`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case as Cases
from django.db.models import Count, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from wangge.access.jurisdiction import active_posts
from wangge.cases import workflow
from wangge.cases.access import CaseStep, case_step_q, case_work_q, cases_visible_to
from wangge.cases.models import (
    Case,
    ExtensionRequest,
    RequestStatus,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.cases.sla import Light
from wangge.people.roles import DEPARTMENT_ROLES, Role

LIST_LENGTH = 8
_OPEN = [s.value for s in workflow.OPEN_STATES]
_SUMMARY = ("category", "cell", "node", "handler_department", "handler_region")
_NO_OUTLINES = ("cell__boundary", "node__boundary", "handler_region__boundary")

# The figures, by slug: (label, the list filters that show the same cases, its light).
FIGURES: dict[str, tuple[Any, dict, str]] = {
    "waiting": (_("Cases waiting for me"), {"mine": "on"}, ""),
    "due_soon": (
        _("About to turn red"),
        {"mine": "on", "open": "open", "light": Light.YELLOW},
        Light.YELLOW,
    ),
    "overdue": (
        _("Overdue, waiting for me"),
        {"mine": "on", "open": "open", "light": Light.RED},
        Light.RED,
    ),
    "orders": (_("Supervision orders to answer"), {"mine": "on"}, ""),
    "extensions": (_("Extension requests to decide"), {"mine": "on"}, ""),
    "shelvings": (_("Shelving requests to decide"), {"mine": "on"}, ""),
    "queue": (_("My department's open cases"), {"open": "open"}, ""),
    "queue_overdue": (
        _("My department's overdue cases"),
        {"open": "open", "light": Light.RED},
        Light.RED,
    ),
    "area_overdue": (
        _("Overdue in my area"),
        {"open": "open", "light": Light.RED},
        Light.RED,
    ),
    "area_due_soon": (
        _("Due soon in my area"),
        {"open": "open", "light": Light.YELLOW},
        Light.YELLOW,
    ),
    "area_supervised": (
        _("Under supervision order in my area"),
        {"open": "open", "supervised": "yes"},
        "",
    ),
    "area_shelved": (
        _("Shelved in my area"),
        {"open": "open", "shelved": "yes"},
        "",
    ),
    "issued_open": (_("My supervision orders not yet answered"), {}, ""),
}

_OWN = ("waiting", "due_soon", "overdue")
_ANSWERS = ("orders",)
_AREA = ("area_overdue", "area_due_soon", "area_supervised", "area_shelved")
# What each role needs to see first. A person with several posts sees the union.
ROLE_FIGURES: dict[str, tuple[str, ...]] = {
    Role.GRID_WORKER: _OWN,
    Role.GRID_CHIEF: (*_OWN, *_ANSWERS),
    Role.COMMUNITY_SECRETARY: (*_OWN, *_ANSWERS),
    Role.FIRST_RESPONSIBLE: (*_OWN, *_ANSWERS, "area_overdue"),
    Role.DESK: (*_OWN, *_ANSWERS, "extensions"),
    Role.DEPARTMENT_HANDLER: (*_OWN, *_ANSWERS, "queue", "queue_overdue"),
    Role.SUPERVISOR: ("issued_open", *_AREA),
    Role.LEADER: ("extensions", "shelvings", "issued_open", *_AREA),
    Role.CITY_OFFICE: ("shelvings", *_AREA),
    Role.ADMIN: (),
}
# The short lists, by slug, in the order the page shows them.
LISTS: dict[str, Any] = {
    "urgent": _("Waiting for me, most urgent first"),
    "decisions": _("Orders to answer and requests to decide"),
    "queue": _("My department's queue across the city"),
    "area": _("Overdue and due soon in my area"),
}


@dataclass(frozen=True)
class WorkFigure:
    """One count of the home page, with the list filters that show its cases."""

    slug: str
    label: str
    count: int
    light: str
    query: dict


@dataclass(frozen=True)
class WorkList:
    """A short list of cases under one heading, most urgent first."""

    slug: str
    title: str
    cases: list[Case] = field(default_factory=list)


@dataclass(frozen=True)
class MyWork:
    """What waits for the reader, in the order their roles put it."""

    figures: tuple[WorkFigure, ...]
    lists: tuple[WorkList, ...]

    def figure(self, slug: str) -> WorkFigure | None:
        return next((f for f in self.figures if f.slug == slug), None)


def figures_for_roles(roles) -> tuple[str, ...]:
    """The figure slugs that fit someone holding `roles`, each once, in role order."""
    slugs: list[str] = []
    for role in Role:
        if role in roles:
            slugs += [s for s in ROLE_FIGURES.get(role, ()) if s not in slugs]
    return tuple(slugs)


def _count(q: Q) -> Count:
    return Count("pk", filter=q)


def _urgency():
    """Red first, then yellow, then the rest; the nearest deadline first within each."""
    rank = Cases(
        When(light=Light.RED, then=Value(0)),
        When(light=Light.YELLOW, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return rank, F("deadline").asc(nulls_last=True)


def _short_list(cases) -> list[Case]:
    rank, deadline = _urgency()
    return list(
        cases.select_related(*_SUMMARY)
        .defer(*_NO_OUTLINES)
        .annotate(urgency=rank)
        .order_by("urgency", deadline, "-id")[:LIST_LENGTH]
    )


def _with_open_requests() -> Q:
    """Cases with a supervision order not yet answered or a request not yet decided."""
    pending = RequestStatus.PENDING
    return (
        Q(
            pk__in=SupervisionOrder.objects.filter(replied_at__isnull=True).values(
                "case_id"
            )
        )
        | Q(pk__in=ExtensionRequest.objects.filter(status=pending).values("case_id"))
        | Q(pk__in=ShelvingRequest.objects.filter(status=pending).values("case_id"))
    )


def my_work(user: Any) -> MyWork:
    """The figures and short lists of what waits for `user`, by the roles of their posts."""
    posts = active_posts(user)
    wanted = figures_for_roles({p.role for p in posts})
    visible = cases_visible_to(user).order_by()
    counts: dict[str, int] = {}
    lists: dict[str, list[Case]] = {}
    open_ = Q(state__in=_OPEN)

    if set(wanted) & set(_OWN):
        work = visible.filter(case_work_q(user))
        counts |= work.aggregate(
            waiting=Count("pk"),
            due_soon=_count(open_ & Q(light=Light.YELLOW)),
            overdue=_count(open_ & Q(light=Light.RED)),
        )
        lists["urgent"] = _short_list(work)

    steps = {
        "orders": CaseStep.SUPERVISION_REPLY,
        "extensions": CaseStep.EXTENSION_DECIDE,
        "shelvings": CaseStep.SHELVING_DECIDE,
    }
    asked = {
        slug: case_step_q(user, step) for slug, step in steps.items() if slug in wanted
    }
    if asked:
        either = Q()
        for q in asked.values():
            either |= q
        # Each of these steps needs an open order or a pending request: starting from
        # those few rows spares reading every case of a city leader's area.
        decisions = visible.filter(_with_open_requests()).filter(either)
        counts |= decisions.aggregate(**{s: _count(q) for s, q in asked.items()})
        lists["decisions"] = _short_list(decisions)

    departments = [p.department_id for p in posts if p.role in DEPARTMENT_ROLES]
    if "queue" in wanted and departments:
        queue = visible.filter(open_, handler_department_id__in=departments)
        counts |= queue.aggregate(
            queue=Count("pk"), queue_overdue=_count(Q(light=Light.RED))
        )
        lists["queue"] = _short_list(queue)

    if set(wanted) & set(_AREA):
        area = visible.filter(open_)
        counts |= area.aggregate(
            area_overdue=_count(Q(light=Light.RED)),
            area_due_soon=_count(Q(light=Light.YELLOW)),
            area_supervised=_count(Q(is_supervised=True)),
            area_shelved=_count(Q(is_shelved=True)),
        )
        lists["area"] = _short_list(area.filter(light__in=[Light.RED, Light.YELLOW]))

    if "issued_open" in wanted:
        counts["issued_open"] = SupervisionOrder.objects.filter(
            issued_by=user, replied_at__isnull=True, case__in=visible.values("pk")
        ).count()

    figures = tuple(
        WorkFigure(
            slug,
            str(FIGURES[slug][0]),
            counts.get(slug, 0),
            FIGURES[slug][2],
            FIGURES[slug][1],
        )
        for slug in wanted
    )
    shown = tuple(
        WorkList(slug, str(title), lists[slug])
        for slug, title in LISTS.items()
        if slug in lists
    )
    return MyWork(figures=figures, lists=shown)
