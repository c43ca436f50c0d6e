"""Who files what at intake (统一受理): channels, priority, and the node a new case starts at.

One rule for every channel and every face: `case_create` applies it, and the staff form
offers only what it allows. A filer's standing is read from their posts in force
(`access.jurisdiction.active_posts`), so an account without a post (a resident, a machine
client) files as the public does, whatever face it comes through.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from wangge.access.jurisdiction import active_posts, jurisdiction_of
from wangge.cases.models import Channel, Priority
from wangge.people.roles import Role
from wangge.regions.levels import Level

# The channels a post may take a report in, by its role: a grid worker reports from
# patrol, the desk answers the hotline, leaders assign (上级交办), departments transfer.
CHANNELS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.GRID_WORKER: (Channel.PATROL,),
    Role.GRID_CHIEF: (Channel.PATROL,),
    Role.COMMUNITY_SECRETARY: (Channel.PATROL, Channel.RESIDENT),
    Role.FIRST_RESPONSIBLE: (Channel.PATROL, Channel.RESIDENT),
    Role.DESK: (
        Channel.HOTLINE,
        Channel.RESIDENT,
        Channel.ASSIGNMENT,
        Channel.TRANSFER,
    ),
    Role.DEPARTMENT_HANDLER: (Channel.TRANSFER,),
    Role.SUPERVISOR: (Channel.ASSIGNMENT,),
    Role.LEADER: (Channel.ASSIGNMENT,),
    Role.CITY_OFFICE: (Channel.ASSIGNMENT,),
    Role.ADMIN: (),
}
# Channels set by the face a report comes through (REST and Open311 clients), not picked
# by a person. Machine clients are accounts, with or without posts.
MACHINE_CHANNELS: tuple[str, ...] = (Channel.API, Channel.OPEN311)
# Whoever holds no post files as the public: their own report, or through a machine face.
PUBLIC_CHANNELS: tuple[str, ...] = (Channel.RESIDENT, *MACHINE_CHANNELS)
# Who may judge a report urgent (the category's urgent limit then applies): a post that
# files for the platform. The public's reports start normal.
URGENT_ROLES = frozenset(role for role, taken in CHANNELS_BY_ROLE.items() if taken)


def channels_open_to(actor: Any) -> tuple[str, ...]:
    """The channels `actor` may file in, the most usual for their roles first."""
    j = jurisdiction_of(actor)
    if j.is_global:
        return tuple(Channel.values)
    if not j.roles:
        return PUBLIC_CHANNELS
    taken = (
        c
        for role in CHANNELS_BY_ROLE
        if role in j.roles
        for c in CHANNELS_BY_ROLE[role]
    )
    return tuple(dict.fromkeys([*taken, *MACHINE_CHANNELS]))


def priorities_open_to(actor: Any) -> tuple[str, ...]:
    """The priorities `actor` may give a report: urgent only for posts that file for the platform."""
    j = jurisdiction_of(actor)
    if j.is_global or URGENT_ROLES & j.roles:
        return tuple(Priority.values)
    return (Priority.NORMAL,)


def filing_errors(actor: Any, *, channel: str, priority: str) -> dict[str, list[str]]:
    """What `actor` may not file of a report in `channel` at `priority`, by field (empty: all allowed)."""
    errors: dict[str, list[str]] = {}
    if channel in Channel.values and channel not in channels_open_to(actor):
        errors["channel"] = [
            _("You may not file a case through the channel “%(channel)s”.")
            % {"channel": Channel(channel).label}
        ]
    if priority in Priority.values and priority not in priorities_open_to(actor):
        errors["priority"] = [
            _(
                "You may not mark a case urgent; the desk judges its urgency when it "
                "registers it."
            )
        ]
    return errors


def location_errors(actor: Any, path: list) -> dict[str, list[str]]:
    """What `actor` may not report at the point whose regions are `path` (city → cell).

    A machine client's key reports only inside its region; people report anywhere.
    """
    j = jurisdiction_of(actor)
    if j.machine and not j.covers(path[-1].path):
        return {
            "lon": [_("This API key may only report problems inside its own region.")]
        }
    return {}


def filing_node(actor: Any, path: list) -> Any:
    """The platform node a new case starts at, from the regions `path` (city → cell) of its point.

    A desk files at its own node: the nearest node of the filer's desk posts whose area
    holds the point (a hotline call taken at the city desk is the city's case). Every
    other report starts at the community of its cell, the lowest platform node.
    """
    desks = {p.region_id for p in active_posts(actor) if p.role == Role.DESK}
    for region in reversed(path):
        if region.pk in desks:
            return region
    return next(r for r in path if r.level == Level.COMMUNITY)


def files_for_themself(actor: Any) -> bool:
    """Whether `actor` is the reporter of what they file: a person holding no post.

    Staff taking a report file it for someone else (the reporter is named on the case);
    a resident, or a machine client, follows what it filed.
    """
    return bool(getattr(actor, "pk", None)) and not active_posts(actor)
