"""Reads about people, always scoped by the reader's jurisdiction, with personal data masked.

Selectors return small read-only cards rather than model rows, so a template can only
show a phone number in the form the reader may see (see `access.personal_data`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q

from wangge.access.jurisdiction import jurisdiction_of
from wangge.access.personal_data import can_see_personal_data, mask_phone
from wangge.core.clock import now
from wangge.people.models import Post, User, WorkTeam
from wangge.people.roles import Role
from wangge.regions.levels import Level
from wangge.regions.models import Region

# The order in which a region's posts are listed: who answers for the grid first.
ROLE_ORDER: tuple[str, ...] = (
    Role.FIRST_RESPONSIBLE,
    Role.COMMUNITY_SECRETARY,
    Role.GRID_CHIEF,
    Role.GRID_WORKER,
    Role.LEADER,
    Role.SUPERVISOR,
    Role.CITY_OFFICE,
    Role.DESK,
    Role.DEPARTMENT_HANDLER,
    Role.ADMIN,
)

# The post that answers for each grid level (三级网格): township, community, cell.
RESPONSIBLE_ROLE: dict[str, str] = {
    Level.TOWNSHIP: Role.FIRST_RESPONSIBLE,
    Level.COMMUNITY: Role.COMMUNITY_SECRETARY,
    Level.CELL: Role.GRID_CHIEF,
}


@dataclass(frozen=True)
class PersonCard:
    """A person as a reader may see them: name and a phone number, masked unless allowed."""

    name: str
    phone: str
    phone_masked: bool


@dataclass(frozen=True)
class PostCard:
    """A post as a reader may see it."""

    person: PersonCard
    role: str
    role_label: str
    title: str
    region: Region
    department: str
    valid_until: datetime.date | None


@dataclass(frozen=True)
class WorkTeamCard:
    """A mass work team serving a township, with its members as the reader may see them."""

    name: str
    department: str
    leader: PersonCard | None
    members: tuple[PersonCard, ...]
    started_on: datetime.date


def _person(viewer: Any, person: User, region: Region) -> PersonCard:
    allowed = can_see_personal_data(viewer, region)
    phone = person.phone or ""
    return PersonCard(
        name=str(person),
        phone=phone if allowed else mask_phone(phone),
        phone_masked=bool(phone) and not allowed,
    )


def _card(viewer: Any, post: Post) -> PostCard:
    return PostCard(
        person=_person(viewer, post.user, post.region),
        role=post.role,
        role_label=str(post.get_role_display()),
        title=post.title,
        region=post.region,
        department=post.department.name if post.department_id else "",
        valid_until=post.valid_until,
    )


def _sorted(posts) -> list[Post]:
    rank = {role: i for i, role in enumerate(ROLE_ORDER)}
    return sorted(posts, key=lambda p: (rank.get(p.role, len(rank)), str(p.user)))


def posts_of_user(user: Any) -> list[PostCard]:
    """The reader's own posts in force today, highest region first."""
    if not getattr(user, "is_authenticated", False):
        return []
    posts = (
        Post.objects.active()
        .filter(user=user)
        .select_related("user", "region", "department")
        .order_by("region__path", "role")
    )
    return [_card(user, post) for post in posts]


def posts_for_region(user: Any, region: Region) -> list[PostCard]:
    """Who holds a post at this region today; nothing when the region is outside the reader's area."""
    if not jurisdiction_of(user).covers(region.path):
        return []
    posts = (
        Post.objects.active()
        .filter(region=region)
        .select_related("user", "region", "department")
    )
    return [_card(user, post) for post in _sorted(posts)]


def responsible_chain_for_region(user: Any, region: Region) -> list[PostCard]:
    """Who answers for the grids above this region: first responsible person, community secretary, grid chief.

    Names are shown because these posts are public (五公开); phone numbers follow the
    personal-data rule, so a grid worker sees the community secretary's number masked.
    """
    if not jurisdiction_of(user).covers(region.path):
        return []
    codes = region.ancestor_codes[:-1]
    above = Q(pk__in=[])
    for level, role in RESPONSIBLE_ROLE.items():
        above |= Q(region__code__in=codes, region__level=level, role=role)
    posts = (
        Post.objects.active()
        .filter(above)
        .select_related("user", "region", "department")
        .order_by("region__path", "user__username")
    )
    return [_card(user, post) for post in posts]


def responsible_names_for(user: Any, regions: list[Region]) -> dict[int, list[str]]:
    """Who answers for each of these regions (grid chief, community secretary, first responsible
    person), by region id, in one query; regions outside the reader's area get nothing."""
    j = jurisdiction_of(user)
    wanted = Q(pk__in=[])
    for level, role in RESPONSIBLE_ROLE.items():
        ids = [r.pk for r in regions if r.level == level and j.covers(r.path)]
        if ids:
            wanted |= Q(region_id__in=ids, role=role)
    names: dict[int, list[str]] = {}
    posts = Post.objects.active().filter(wanted).select_related("user")
    for post in posts.order_by("region_id", "user__username"):
        names.setdefault(post.region_id, []).append(str(post.user))
    return names


def work_teams_for_township(user: Any, township: Region) -> list[WorkTeamCard]:
    """The mass work teams serving a township today, as the reader may see them."""
    if not jurisdiction_of(user).covers(township.path):
        return []
    today = now().date()
    teams = (
        WorkTeam.objects.filter(township=township, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("department", "leader")
        .prefetch_related(
            Prefetch("members", queryset=User.objects.order_by("username"))
        )
    )
    return [
        WorkTeamCard(
            name=team.name,
            department=team.department.name,
            leader=_person(user, team.leader, township) if team.leader else None,
            members=tuple(_person(user, m, township) for m in team.members.all()),
            started_on=team.started_on,
        )
        for team in teams
    ]
