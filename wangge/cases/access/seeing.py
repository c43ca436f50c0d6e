"""Who may see a case, and who reads its reporter's contact data in full."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from wangge.access.jurisdiction import (
    active_posts,
    jurisdiction_of,
    minimal_roots,
    paths_q,
)
from wangge.cases.access.capacity import ASSIST, case_posts
from wangge.cases.models import Case, CaseAssist
from wangge.people.roles import DEPARTMENT_ROLES, Role

_CACHE_ATTR = "_wangge_case_scope"

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
    if j.machine:
        # A machine client's key reaches its region's cases, with no post of its own.
        roots = j.region_paths
    else:
        posts = active_posts(user) if not j.is_empty else []
        roots = minimal_roots(
            [p.region.path for p in posts if p.role not in DEPARTMENT_ROLES]
        )
    scope = (j.is_global, roots, j.department_ids)
    try:
        setattr(user, _CACHE_ATTR, scope)
    except AttributeError:
        pass
    return scope


def case_area_roots(user: Any) -> tuple[bool, tuple[str, ...]]:
    """(sees everything, subtree roots) of the areas whose every case the user sees: the
    regions of their posts other than department posts. Figures summed over a region
    (the dashboard's roll-ups) are shown only inside these."""
    everything, roots, _departments = _case_scope(user)
    return everything, roots


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Cases the user may see: in the subtrees of their posts, handled or assisted by their
    unit, or reported by them (residents follow their own reports)."""
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
        q |= Q(pk__among=CaseAssist.objects.filter(assisting).values("case_id"))
    return Case.objects.filter(q)


def case_get_for_user(user: Any, number: str) -> Case:
    """One case by number or id, or 404 when it does not exist or lies outside the user's area.

    A read: the services that change the case lock it themselves (`case_lock`).
    """
    queryset = cases_visible_to(user).select_related(
        "category", "cell", "node", "handler_department", "handler_region"
    )
    lookup = Q(number=number)
    if str(number).isdigit() and len(str(number)) < 12:
        lookup |= Q(pk=int(number))
    case = queryset.filter(lookup).first()
    if case is None:
        raise Http404("No such case.")
    return case


def can_see_reporter(user: Any, case: Case) -> bool:
    """Whether the user reads the reporter's contact data in full (otherwise it is masked).

    An assisting unit takes its part from the lead and does not call the reporter back.
    """
    if jurisdiction_of(user).is_global:
        return True
    return any(
        post.role in _CONTACT_ROLES
        for capacity, held in case_posts(user, case).items()
        if capacity != ASSIST
        for post in held
    )
