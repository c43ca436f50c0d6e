"""Work teams: their roster (posts, duties), tasks and work logs; problems raised become cases."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.cases.services.intake import Report, case_create
from wangge.core import clock
from wangge.core.text import is_blank
from wangge.linkage.models import TeamLog, TeamLogKind, TeamMember, TeamTask
from wangge.linkage.standing import TEAM_MANAGERS, has_standing, require_standing
from wangge.people.models import WorkTeam


def is_member(user, team: WorkTeam, on: datetime.date | None = None) -> bool:
    """Whether the user serves in the team on a day (today)."""
    day = on or timezone.localdate(clock.now())
    return (
        TeamMember.objects.filter(team=team, user_id=getattr(user, "pk", None))
        .filter(joined_on__lte=day)
        .exclude(left_on__lt=day)
        .exists()
    )


def _require_member_or_manager(user, team: WorkTeam) -> None:
    if not (is_member(user, team) or has_standing(user, team.township, TEAM_MANAGERS)):
        raise PermissionDenied(
            _("Only the team's members and its township's leaders may do this.")
        )


def team_member_add(
    *, actor, team: WorkTeam, user, post: str, duties: str = "", joined_on=None
) -> TeamMember:
    """Put a person in the team with a post (队长, 队员, 联络员…) and duties."""
    require_standing(actor, team.township, TEAM_MANAGERS)
    if is_blank(post):
        raise ValidationError({"post": _("Give the post in the team.")})
    if is_member(user, team):
        raise ValidationError({"user": _("This person already serves in the team.")})
    with transaction.atomic():
        member = TeamMember.objects.create(
            team=team,
            user=user,
            post=post.strip(),
            duties=duties.strip(),
            joined_on=joined_on or timezone.localdate(clock.now()),
        )
        # `WorkTeam.members` is the current roster the access layer lists.
        team.members.add(user)
    return member


def team_member_leave(*, actor, member: TeamMember, on=None) -> TeamMember:
    """A member leaves the team; the row stays, dated."""
    require_standing(actor, member.team.township, TEAM_MANAGERS)
    day = on or timezone.localdate(clock.now())
    if member.left_on is not None or day < member.joined_on:
        raise ValidationError({"left_on": _("This member cannot leave on that day.")})
    with transaction.atomic():
        member.left_on = day
        member.save(update_fields=["left_on", "updated_at"])
        member.team.members.remove(member.user)
    return member


def team_task_add(
    *, actor, team: WorkTeam, title: str, due_on: datetime.date
) -> TeamTask:
    """A task the team takes on."""
    _require_member_or_manager(actor, team)
    if is_blank(title):
        raise ValidationError({"title": _("Name the task.")})
    return TeamTask.objects.create(team=team, title=title.strip(), due_on=due_on)


def team_task_done(*, actor, task: TeamTask, result: str) -> TeamTask:
    """Record a task done, with its result."""
    _require_member_or_manager(actor, task.team)
    if task.is_done:
        raise ValidationError({"task": _("This task is already done.")})
    if is_blank(result):
        raise ValidationError({"result": _("Say what came of it.")})
    task.done_on = timezone.localdate(clock.now())
    task.result = result.strip()
    task.save(update_fields=["done_on", "result", "updated_at"])
    return task


def team_log_record(
    *,
    actor,
    team: WorkTeam,
    kind: str,
    day: datetime.date,
    summary: str,
    households: int = 0,
    problems: list[Report] = (),
) -> TeamLog:
    """A member's work log (走访, meeting, 民情日记); each problem raised becomes a case."""
    if not is_member(actor, team, day):
        raise PermissionDenied(_("Only a member of the team writes its work log."))
    errors = {}
    if kind not in TeamLogKind.values:
        errors["kind"] = [_("Choose a valid kind of log.")]
    if is_blank(summary):
        errors["summary"] = [_("Write what was done.")]
    if day > timezone.localdate(clock.now()):
        errors["day"] = [_("A log cannot be written before the day.")]
    if households < 0:
        errors["households"] = [_("Enter a number of households of zero or more.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        log = TeamLog.objects.create(
            team=team,
            author=actor,
            kind=kind,
            day=day,
            households=households,
            summary=summary.strip(),
        )
        cases = [case_create(report=r, actor=actor).case for r in problems]
        log.cases.add(*cases)
    return log
