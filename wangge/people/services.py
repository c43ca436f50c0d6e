"""Writes about people: posts (person × region or department × role) and work teams.

The rules a post must satisfy live in `post_validate`; `post_assign`, the admin forms and
any import call it, so the rule is written once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.clock import now
from wangge.people.models import Department, Post, User, WorkTeam
from wangge.people.roles import DEPARTMENT_ROLES, ROLE_LEVELS, Role
from wangge.people.signals import posts_changed
from wangge.regions.levels import Level
from wangge.regions.models import Region

DEFAULT_VALID_FROM = datetime.date(2012, 1, 1)


def _level_labels(levels: Iterable[str]) -> str:
    return ", ".join(str(Level(level).label) for level in levels)


def post_validate(
    *,
    role: str,
    region: Region | None,
    department: Department | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    user: User | None = None,
    exclude_pk: int | None = None,
) -> None:
    """Check a post before it is written; raise ValidationError keyed by the offending field.

    The role must be one a post may carry and sit at a level that role allows; a department
    role needs a department, and a post in a department sits at that department's region;
    the dates must form a range; and a person may not hold the same post twice at once.
    """
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors.setdefault("role", []).append(
            _("Unknown role “%(role)s”.") % {"role": role}
        )
    elif region is not None and region.level not in ROLE_LEVELS[role]:
        errors.setdefault("region", []).append(
            _(
                "The role %(role)s cannot be held at the level %(level)s; "
                "allowed levels: %(allowed)s."
            )
            % {
                "role": Role(role).label,
                "level": Level(region.level).label,
                "allowed": _level_labels(ROLE_LEVELS[role]),
            }
        )
    if role in DEPARTMENT_ROLES and department is None:
        errors.setdefault("department", []).append(
            _("The role %(role)s belongs to a department: choose one.")
            % {"role": Role(role).label}
        )
    if (
        department is not None
        and region is not None
        and department.region_id != region.pk
    ):
        errors.setdefault("region", []).append(
            _("A post in the department %(department)s sits at its region, %(region)s.")
            % {"department": department.name, "region": department.region.name}
        )
    start = valid_from or DEFAULT_VALID_FROM
    if valid_until is not None and valid_until < start:
        errors.setdefault("valid_until", []).append(
            _("The post cannot end before it starts (%(start)s).")
            % {"start": start.isoformat()}
        )
    if not errors and user is not None and region is not None:
        _check_no_overlap(
            user, role, region, department, start, valid_until, exclude_pk
        )
    if errors:
        raise ValidationError(errors)


def _check_no_overlap(user, role, region, department, start, end, exclude_pk) -> None:
    clashes = Post.objects.filter(
        user=user, role=role, region=region, department=department
    ).exclude(valid_until__lt=start)
    if end is not None:
        clashes = clashes.exclude(valid_from__gt=end)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    if clashes.exists():
        raise ValidationError(
            {
                "role": _(
                    "%(person)s already holds this post at %(region)s in that period."
                )
                % {"person": str(user), "region": region.name}
            }
        )


def post_assign(
    user: User,
    role: str,
    region: Region,
    department: Department | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    title: str = "",
) -> Post:
    """Give a person a post: a role at a region (or in a department), from a day, maybe until a day."""
    post_validate(
        role=role,
        region=region,
        department=department,
        valid_from=valid_from,
        valid_until=valid_until,
        user=user,
    )
    post = Post.objects.create(
        user=user,
        role=role,
        region=region,
        department=department,
        title=title,
        valid_from=valid_from or DEFAULT_VALID_FROM,
        valid_until=valid_until,
    )
    posts_changed.send(sender=Post, user=user)
    return post


def post_end(post: Post, on: datetime.date | None = None) -> Post:
    """End a post: `on` (today by default) is its last day in force."""
    day = on or now().date()
    if day < post.valid_from:
        raise ValidationError(
            {
                "valid_until": _("The post cannot end before it starts (%(start)s).")
                % {"start": post.valid_from.isoformat()}
            }
        )
    if post.valid_until is not None and post.valid_until < day:
        raise ValidationError(
            {
                "valid_until": _("The post already ended on %(day)s.")
                % {"day": post.valid_until.isoformat()}
            }
        )
    post.valid_until = day
    post.save(update_fields=["valid_until", "updated_at"])
    posts_changed.send(sender=Post, user=post.user)
    return post


def work_team_validate(
    *, department: Department | None, township: Region | None
) -> None:
    """A work team is sent to a township, by a department seated at or above that township."""
    errors: dict[str, str] = {}
    if township is not None and township.level != Level.TOWNSHIP:
        errors["township"] = _(
            "A work team is sent to a township, not to a %(level)s."
        ) % {"level": Level(township.level).label}
    elif (
        township is not None
        and department is not None
        and not township.is_within(department.region)
    ):
        errors["department"] = _(
            "The department %(department)s has no authority over %(township)s."
        ) % {"department": department.name, "township": township.name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def work_team_create(
    *,
    name: str,
    department: Department,
    township: Region,
    leader: User | None = None,
    members: Iterable[User] = (),
    started_on: datetime.date | None = None,
) -> WorkTeam:
    """Form a mass work team (群众工作队) that a department sends to a township."""
    work_team_validate(department=department, township=township)
    team = WorkTeam.objects.create(
        name=name,
        department=department,
        township=township,
        leader=leader,
        started_on=started_on or now().date(),
    )
    people = list(members)
    if leader is not None and leader not in people:
        people.append(leader)
    team.members.add(*people)
    return team


def work_team_add_member(team: WorkTeam, user: User) -> None:
    """Add a person to a work team (adding someone already in it changes nothing)."""
    if team.ended_on is not None and team.ended_on < now().date():
        raise ValidationError(
            {
                "members": _("The work team %(team)s was disbanded on %(day)s.")
                % {"team": team.name, "day": team.ended_on.isoformat()}
            }
        )
    team.members.add(user)
