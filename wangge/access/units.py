"""Which handling units' own systems a user looks after: departments and platform nodes.

A department's people (its handlers) answer for their department; the desk, leader or
administrator posted at a platform node answers for that node; an administrator also for
every department and node inside their admin area. The webhook subscriptions and their
delivery logs of a unit are read and changed only by these people (404 for anyone else).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from wangge.access.jurisdiction import active_posts, jurisdiction_of, paths_q
from wangge.people.roles import Role
from wangge.regions.levels import PLATFORM_LEVELS
from wangge.regions.models import Region

# Posts at a platform node that run its systems: intake and dispatch, its leader, the
# city management office and the node's administrator.
NODE_MANAGER_ROLES = frozenset({Role.DESK, Role.LEADER, Role.CITY_OFFICE, Role.ADMIN})


@dataclass(frozen=True)
class ManagedUnits:
    """The departments and platform nodes a user looks after, as filters."""

    everything: bool
    department_ids: frozenset[int]
    region_ids: frozenset[int]
    admin_paths: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (
            self.everything
            or self.department_ids
            or self.region_ids
            or self.admin_paths
        )

    def q(self, department_field: str, region_field: str) -> Q:
        """Rows belonging to one of these units (a department or a node column)."""
        if self.everything:
            return Q()
        q = Q(**{f"{department_field}__in": list(self.department_ids)}) | Q(
            **{f"{region_field}__in": list(self.region_ids)}
        )
        if self.admin_paths:
            q |= paths_q(f"{department_field}__region__path", self.admin_paths)
            q |= paths_q(f"{region_field}__path", self.admin_paths)
        return q


def units_managed_by(user: Any) -> ManagedUnits:
    """What `user` answers for as a unit's system owner (nothing for a person without posts)."""
    j = jurisdiction_of(user)
    posts = active_posts(user)
    return ManagedUnits(
        everything=j.is_global,
        department_ids=j.department_ids,
        region_ids=frozenset(
            p.region_id
            for p in posts
            if p.role in NODE_MANAGER_ROLES and p.region.level in PLATFORM_LEVELS
        ),
        admin_paths=j.admin_paths,
    )


def departments_managed_by(user: Any) -> QuerySet:
    """The departments whose systems the user looks after."""
    from wangge.people.models import Department

    units = units_managed_by(user)
    if units.everything:
        return Department.objects.all()
    q = Q(pk__in=list(units.department_ids))
    if units.admin_paths:
        q |= paths_q("region__path", units.admin_paths)
    return Department.objects.filter(q)


def nodes_managed_by(user: Any) -> QuerySet[Region]:
    """The platform nodes (regions at a platform level) whose systems the user looks after."""
    units = units_managed_by(user)
    nodes = Region.objects.filter(level__in=PLATFORM_LEVELS)
    if units.everything:
        return nodes
    q = Q(pk__in=list(units.region_ids))
    if units.admin_paths:
        q |= paths_q("path", units.admin_paths)
    return nodes.filter(q)
