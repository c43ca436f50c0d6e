"""The chain of responsibility of a region: from its cell (or itself) up to the city, five
levels, each with the people who answer for it — its own responsible post holders and
those who contract it (分包)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from wangge.access.jurisdiction import region_get_for_user
from wangge.core.clock import now
from wangge.linkage.models import Contract
from wangge.people.models import Post
from wangge.people.roles import Role
from wangge.regions.levels import Level
from wangge.regions.models import Region

# Who answers for a unit from inside it, at each level (the city: its leaders).
OWN_ROLES: dict[str, tuple[str, ...]] = {
    Level.CITY: (Role.LEADER,),
    Level.DISTRICT: (Role.LEADER,),
    Level.TOWNSHIP: (Role.FIRST_RESPONSIBLE,),
    Level.COMMUNITY: (Role.COMMUNITY_SECRETARY,),
    Level.CELL: (Role.GRID_CHIEF,),
}


@dataclass(frozen=True)
class ChainPerson:
    """A name and the capacity in which they answer: a post's role or a contract's."""

    name: str
    role: str
    role_label: str
    title: str
    contracted: bool


@dataclass(frozen=True)
class ChainLink:
    """One level of the chain: the unit and who answers for it."""

    level: str
    level_label: str
    region: Region
    people: tuple[ChainPerson, ...]


def responsibility_chain(user: Any, code: str) -> list[ChainLink]:
    """The chain from the region up to the city, top first; 404 outside the reader's area.

    Names and capacities only: these are public (五公开), phones are not in it. Four queries.
    """
    region = region_get_for_user(user, code)
    units = {
        r.code: r
        for r in Region.objects.filter(code__in=region.ancestor_codes).defer("boundary")
    }
    today = now().date()
    own = Q(pk__in=[])
    for unit in units.values():
        own |= Q(region=unit, role__in=OWN_ROLES[unit.level])
    people: dict[int, list[ChainPerson]] = {u.pk: [] for u in units.values()}
    for post in (
        Post.objects.active(today)
        .filter(own)
        .select_related("user")
        .order_by("region__path", "role", "user__username")
    ):
        people[post.region_id].append(
            ChainPerson(
                str(post.user),
                post.role,
                str(post.get_role_display()),
                post.title,
                False,
            )
        )
    for contract in (
        Contract.objects.active(today)
        .filter(region_id__in=list(people))
        .select_related("person")
        .order_by("kind", "person__username")
    ):
        people[contract.region_id].append(
            ChainPerson(
                str(contract.person),
                contract.kind,
                str(contract.get_kind_display()),
                contract.title,
                True,
            )
        )
    return [
        ChainLink(u.level, str(Level(u.level).label), u, tuple(people[u.pk]))
        for code_ in region.ancestor_codes
        if (u := units.get(code_)) is not None
    ]
