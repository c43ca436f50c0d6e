"""Who may write what in linkage: a role held at or above the unit. One place for the rule.

Reads outside the reader's jurisdiction answer 404 (the selectors); inside it, a step the
reader's posts do not allow is `PermissionDenied` (403), saying so.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wangge.access.jurisdiction import active_posts
from wangge.linkage.rules import DECIDERS, NAMED, PROPOSERS, determination_actions
from wangge.people.roles import Role
from wangge.regions.models import Region

# Who assigns and ends contracts.
CONTRACT_MANAGERS = frozenset({Role.ADMIN, Role.CITY_OFFICE, Role.LEADER})
# Who records a leader's visits and the problems they coordinate.
CONTACT_RECORDERS = frozenset(
    {Role.LEADER, Role.CITY_OFFICE, Role.FIRST_RESPONSIBLE, Role.DESK}
)
# Who runs a township's work teams besides their own members.
TEAM_MANAGERS = frozenset({Role.LEADER, Role.CITY_OFFICE, Role.FIRST_RESPONSIBLE})
# Who publishes and settles commitments for a region (a grid chief for their cell).
COMMITMENT_MAKERS = frozenset(
    {
        Role.GRID_CHIEF,
        Role.COMMUNITY_SECRETARY,
        Role.FIRST_RESPONSIBLE,
        Role.SUPERVISOR,
        Role.CITY_OFFICE,
    }
)
# Who answers residents' opinions and runs surveys.
OPINION_KEEPERS = frozenset(
    {Role.GRID_CHIEF, Role.COMMUNITY_SECRETARY, Role.FIRST_RESPONSIBLE, Role.DESK}
)


def roles_over(user: Any, region: Region) -> set[str]:
    """The roles the user holds at this region or above it (today's posts)."""
    return {p.role for p in active_posts(user) if region.path.startswith(p.region.path)}


def has_standing(user: Any, region: Region, roles: frozenset[str]) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_over(user, region) & roles)


def require_standing(user: Any, region: Region, roles: frozenset[str]) -> None:
    """`PermissionDenied` unless the user holds one of `roles` at or above `region`."""
    if not has_standing(user, region, roles):
        raise PermissionDenied(_("Your posts do not allow this step here."))


def determination_standing(user: Any, determination) -> set[str]:
    """The capacities in which the user stands to a determination: roles over its unit,
    and `NAMED` when it names them."""
    held = roles_over(user, determination.region)
    if getattr(user, "is_superuser", False):
        held |= set(DECIDERS) | set(PROPOSERS)
    if determination.persons.filter(pk=user.pk).exists():
        held.add(NAMED)
    return held


def determination_allowed_actions(user: Any, determination) -> list[str]:
    """The steps the user may take on the determination now."""
    return determination_actions(
        determination.state, determination_standing(user, determination)
    )
