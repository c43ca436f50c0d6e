"""The public notice board (五公开) of a township, community or grid cell.

Five things are public: members, tasks, duties, work done, and how problems were
resolved. The board is a list of sections, each built by one function of `SECTIONS`
from the region alone (nobody signs in), each with its own template. The mechanisms add
theirs by appending a builder: commitments (公开承诺) from `linkage` join this way.
Everything here is public by design: names, roles, office phones, counts; never a
person's own phone (`User.phone`) or anything about a reporter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.access.people import RESPONSIBLE_ROLE, ROLE_ORDER
from wangge.cases import workflow
from wangge.cases.models import Case, Satisfaction
from wangge.core import clock
from wangge.linkage.selectors.commitments import public_commitments_for_region
from wangge.linkage.selectors.opinions import public_opinions_for_region
from wangge.people.models import Post, WorkTeam
from wangge.people.roles import Role
from wangge.portal.duties import DUTIES
from wangge.regions.levels import Level
from wangge.regions.models import Region

BOARD_LEVELS = (Level.TOWNSHIP, Level.COMMUNITY, Level.CELL)

# Who is named on the board of each level: those answering for it, and a cell's helpers.
BOARD_ROLES: dict[str, tuple[str, ...]] = {
    Level.TOWNSHIP: (Role.FIRST_RESPONSIBLE,),
    Level.COMMUNITY: (Role.COMMUNITY_SECRETARY,),
    Level.CELL: (Role.GRID_CHIEF, Role.GRID_WORKER),
}

S = workflow.CaseState
_NOT_COUNTED = [S.REJECTED, S.MERGED]  # not problems of the region's own
_OPEN = [s.value for s in workflow.OPEN_STATES]


@dataclass(frozen=True)
class PublicPerson:
    """A person on the board: name, role, title, the office phone of the post if any."""

    name: str
    role: str
    role_label: str
    title: str
    region: str
    office_phone: str
    helper_kind: str


@dataclass(frozen=True)
class BoardSection:
    """One part of the board: a heading, the template that draws it, and what it shows."""

    key: str
    title: str
    template: str
    data: Any


@dataclass
class NoticeBoard:
    """A region's public board: where it sits and its sections, in order."""

    region: Region
    ancestors: list[Region]
    sections: list[BoardSection] = field(default_factory=list)

    def section(self, key: str) -> BoardSection | None:
        return next((s for s in self.sections if s.key == key), None)


def _person(post: Post) -> PublicPerson:
    contact = getattr(post, "public_contact", None)
    return PublicPerson(
        name=str(post.user),
        role=post.role,
        role_label=str(post.get_role_display()),
        title=post.title,
        region=post.region.name,
        office_phone=contact.office_phone if contact is not None else "",
        helper_kind=str(post.get_helper_kind_display()) if post.helper_kind else "",
    )


def _sorted(posts) -> list[Post]:
    rank = {role: i for i, role in enumerate(ROLE_ORDER)}
    return sorted(
        posts, key=lambda p: (p.region.path, rank.get(p.role, len(rank)), str(p.user))
    )


def people_in_charge(region: Region, ancestors: list[Region]) -> BoardSection:
    """The region's own people in charge, then who answers for the grid levels above it."""
    wanted = Q(region=region, role__in=BOARD_ROLES[region.level])
    for above in ancestors:
        role = RESPONSIBLE_ROLE.get(above.level)
        if role:
            wanted |= Q(region=above, role=role)
    posts = (
        Post.objects.active()
        .filter(wanted)
        .select_related("user", "region", "public_contact")
        .defer("region__boundary")
    )
    people = [_person(p) for p in _sorted(posts)]
    own = [
        p
        for p in people
        if p.region == region.name and p.role in BOARD_ROLES[region.level]
    ]
    above = [p for p in people if p not in own]
    roles = sorted({p.role for p in own}, key=ROLE_ORDER.index)
    return BoardSection(
        key="people",
        title=str(_("Who is in charge")),
        template="portal/board/people.html",
        data={
            "own": own,
            "above": above,
            "duties": [(Role(r).label, DUTIES[r]) for r in roles if r in DUTIES],
        },
    )


def work_teams(region: Region, ancestors: list[Region]) -> BoardSection | None:
    """The mass work teams (群众工作队) serving the region's township today: names only."""
    township = (
        region
        if region.level == Level.TOWNSHIP
        else next((r for r in ancestors if r.level == Level.TOWNSHIP), None)
    )
    if township is None:
        return None
    today = timezone.localdate(clock.now())
    teams = (
        WorkTeam.objects.filter(township=township, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("department", "leader")
        .prefetch_related("members")
        .order_by("name")
    )
    return BoardSection(
        key="work_teams",
        title=str(_("Mass work teams")),
        template="portal/board/work_teams.html",
        data=[
            {
                "name": team.name,
                "department": team.department.name,
                "leader": str(team.leader) if team.leader_id else "",
                "members": sorted(str(m) for m in team.members.all()),
                "started_on": team.started_on,
            }
            for team in teams
        ],
    )


def case_figures(region: Region, ancestors: list[Region]) -> BoardSection:
    """Work in progress and how problems were resolved in the region: counts only."""
    now = clock.now()
    since = now - timedelta(days=365)
    cases = Case.objects.filter(cell_path__under=region.path).exclude(
        state__in=_NOT_COUNTED
    )
    figures = cases.aggregate(
        open=Count("pk", filter=Q(state__in=_OPEN)),
        received=Count("pk", filter=Q(created_at__gte=since)),
        closed=Count("pk", filter=Q(created_at__gte=since, state=S.CLOSED)),
        rated=Count("pk", filter=Q(created_at__gte=since) & ~Q(satisfaction="")),
        satisfied=Count(
            "pk",
            filter=Q(
                created_at__gte=since,
                satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY],
            ),
        ),
    )
    return BoardSection(
        key="figures",
        title=str(_("Work in progress and problems resolved")),
        template="portal/board/figures.html",
        data={
            **figures,
            "closed_rate": _percent(figures["closed"], figures["received"]),
            "satisfied_rate": _percent(figures["satisfied"], figures["rated"]),
            "as_of": now,
        },
    )


def commitments(region: Region, ancestors: list[Region]) -> BoardSection:
    """Public commitments (公开承诺) made to the region's residents, kept or not."""
    return BoardSection(
        key="commitments",
        title=str(_("Public commitments")),
        template="portal/board/commitments.html",
        data=public_commitments_for_region(region)[:COMMITMENTS_SHOWN],
    )


def opinions(region: Region, ancestors: list[Region]) -> BoardSection:
    """Residents' suggestions and opinions, with the public answers (民意表达)."""
    return BoardSection(
        key="opinions",
        title=str(_("Residents' suggestions and the answers")),
        template="portal/board/opinions.html",
        data={
            "answered": list(
                public_opinions_for_region(region).order_by("-answered_at")[
                    :OPINIONS_SHOWN
                ]
            ),
            "may_send": region.level == Level.CELL,
        },
    )


def regions_below(region: Region, ancestors: list[Region]) -> BoardSection | None:
    """The boards one level down (a township's communities, a community's cells)."""
    if region.level == Level.CELL:
        return None
    children = (
        Region.objects.filter(parent=region).only("code", "name").order_by("code")
    )
    return BoardSection(
        key="below",
        title=str(_("Notice boards below")),
        template="portal/board/below.html",
        data=[{"code": r.code, "name": r.name} for r in children],
    )


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# The board's sections in order. A mechanism that makes something public appends its
# builder here (e.g. `linkage`'s commitments): f(region, ancestors) -> BoardSection | None.
SectionBuilder = Callable[[Region, list[Region]], BoardSection | None]
SECTIONS: list[SectionBuilder] = [
    people_in_charge,
    commitments,
    case_figures,
    work_teams,
    opinions,
    regions_below,
]
COMMITMENTS_SHOWN = 20
OPINIONS_SHOWN = 10


def board_region_get(code: str) -> tuple[Region, list[Region]]:
    """A township, community or cell by code, with its ancestors; 404 for any other code."""
    region = (
        Region.objects.filter(code=code, level__in=BOARD_LEVELS)
        .defer("boundary")
        .first()
    )
    if region is None:
        raise Http404("no public board here")
    ancestors = list(
        Region.objects.filter(code__in=region.ancestor_codes[:-1])
        .defer("boundary")
        .order_by("path")
    )
    return region, ancestors


def notice_board_get(code: str) -> NoticeBoard:
    """The public notice board of the region `code` (404 unless a township, community or cell)."""
    region, ancestors = board_region_get(code)
    board = NoticeBoard(region=region, ancestors=ancestors)
    for build in SECTIONS:
        section = build(region, ancestors)
        if section is not None:
            board.sections.append(section)
    return board
