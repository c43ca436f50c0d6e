"""Work teams as the reader may see them, their roster, tasks, logs and figures; and what the
public board shows of them (五公开: members, tasks, duties, progress, results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.cases.workflow import CaseState
from wangge.core.clock import now
from wangge.linkage.models import (
    Commitment,
    CommitmentState,
    TeamLog,
    TeamLogKind,
    TeamMember,
    TeamTask,
)
from wangge.people.models import WorkTeam
from wangge.regions.models import Region


def teams_visible_to(user: Any):
    """Teams serving townships of the reader's area, and the teams the reader serves in."""
    j = jurisdiction_of(user)
    mine = (
        Q(roster__user_id=getattr(user, "pk", None))
        if getattr(user, "is_authenticated", False)
        else Q(pk__in=[])
    )
    return (
        WorkTeam.objects.filter(j.path_q("township__path") | mine)
        .distinct()
        .select_related("department", "township", "leader")
    )


def team_list(user: Any, *, township=None):
    teams = teams_visible_to(user)
    if township is not None:
        teams = teams.filter(township__path__startswith=township.path)
    return teams


def team_get_for_user(user: Any, pk: int) -> WorkTeam:
    team = teams_visible_to(user).filter(pk=pk).first()
    if team is None:
        raise Http404("No such work team.")
    return team


@dataclass(frozen=True)
class TeamFigures:
    """A team's own figures: what it did and what came of it."""

    members: int
    visits: int
    meetings: int
    diaries: int
    households: int
    cases_raised: int
    cases_closed: int
    tasks_done: int
    tasks_open: int
    commitments_kept: int
    commitments_broken: int
    commitments_open: int


def team_figures(team: WorkTeam) -> TeamFigures:
    """Counted in six queries, whatever the team's size."""
    today = now().date()
    members = (
        TeamMember.objects.filter(team=team, joined_on__lte=today)
        .exclude(left_on__lt=today)
        .count()
    )
    logs = dict(
        TeamLog.objects.filter(team=team)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    households = (
        TeamLog.objects.filter(team=team).aggregate(n=Sum("households"))["n"] or 0
    )
    cases = TeamLog.cases.through.objects.filter(teamlog__team=team).aggregate(
        raised=Count("case_id", distinct=True),
        closed=Count("case_id", distinct=True, filter=Q(case__state=CaseState.CLOSED)),
    )
    tasks = TeamTask.objects.filter(team=team).aggregate(
        done=Count("id", filter=Q(done_on__isnull=False)),
        open=Count("id", filter=Q(done_on__isnull=True)),
    )
    promised = dict(
        Commitment.objects.filter(work_team=team)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return TeamFigures(
        members=members,
        visits=logs.get(TeamLogKind.VISIT, 0),
        meetings=logs.get(TeamLogKind.MEETING, 0),
        diaries=logs.get(TeamLogKind.DIARY, 0),
        households=households,
        cases_raised=cases["raised"],
        cases_closed=cases["closed"],
        tasks_done=tasks["done"],
        tasks_open=tasks["open"],
        commitments_kept=promised.get(CommitmentState.KEPT, 0),
        commitments_broken=promised.get(CommitmentState.BROKEN, 0),
        commitments_open=promised.get(CommitmentState.PUBLISHED, 0),
    )


@dataclass(frozen=True)
class PublicMember:
    name: str
    post: str
    duties: str


@dataclass(frozen=True)
class PublicTeam:
    """What the public board shows of a team: names and posts, never phones."""

    name: str
    department: str
    township: str
    members: tuple[PublicMember, ...]
    tasks: tuple[TeamTask, ...]
    figures: TeamFigures


def public_work_teams_for_region(region: Region) -> list[PublicTeam]:
    """The teams serving the township of a region (五公开), for the public board; no account."""
    township_codes = region.ancestor_codes
    today = now().date()
    teams = (
        WorkTeam.objects.filter(
            township__code__in=township_codes, started_on__lte=today
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("department", "township")
        .order_by("name")
    )
    found = []
    for team in teams:
        roster = (
            TeamMember.objects.filter(team=team, joined_on__lte=today)
            .exclude(left_on__lt=today)
            .select_related("user")
        )
        found.append(
            PublicTeam(
                name=team.name,
                department=team.department.name,
                township=team.township.name,
                members=tuple(
                    PublicMember(str(m.user), m.post, m.duties) for m in roster
                ),
                tasks=tuple(TeamTask.objects.filter(team=team)),
                figures=team_figures(team),
            )
        )
    return found
