"""The record of a case as people read it: its timeline, and where it stands against its deadline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.cases import deadlines, workflow
from wangge.cases.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    EventKind,
    Satisfaction,
)
from wangge.cases.sla import Light
from wangge.cases.stages import stage_of
from wangge.catalogue.choices import LimitUnit
from wangge.core import clock
from wangge.core.calendar.selectors import working_calendar_get
from wangge.people.models import Department
from wangge.people.roles import Role
from wangge.regions.models import Region
from wangge.workbench.working_time import working_time_text

CaseState = workflow.CaseState


def event_label(action: str) -> str:
    """What a timeline entry calls an event, in the reader's language."""
    if action in EventKind.values:
        return str(EventKind(action).label)
    return action


@dataclass(frozen=True)
class CaseClock:
    """The current stage's deadline as people read it: the stage, the light, and the working
    time left or overdue."""

    WAITING, RUNNING, OVERDUE, SHELVED, STOPPED = (
        "waiting",
        "running",
        "overdue",
        "shelved",
        "stopped",
    )

    status: str
    light: str
    light_label: str
    deadline: datetime | None
    amount: str = ""
    stage_label: str = ""


def case_clock(case: Case, now: datetime | None = None) -> CaseClock:
    """Where the case stands against its current stage's deadline, counted in working time."""
    now = now or clock.now()
    light = deadlines.light_now(case, now) if case.is_open else case.light
    stage = stage_of(case.state)
    common = {
        "light": light,
        "light_label": str(Light(light).label),
        "stage_label": str(stage.label) if stage else "",
    }
    if case.deadline is None:
        return CaseClock(CaseClock.WAITING, deadline=None, **common)
    if not case.is_open:
        return CaseClock(CaseClock.STOPPED, deadline=case.deadline, **common)
    if case.is_shelved:
        return CaseClock(CaseClock.SHELVED, deadline=case.deadline, **common)
    calendar = working_calendar_get()
    if now <= case.deadline:
        left = calendar.working_time_between(now, case.deadline)
        status = CaseClock.RUNNING
    else:
        left = calendar.working_time_between(case.deadline, now)
        status = CaseClock.OVERDUE
    return CaseClock(
        status,
        deadline=case.deadline,
        amount=working_time_text(left, calendar.day_length),
        **common,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One event as the timeline shows it."""

    event: CaseEvent
    label: str
    actor: str
    role: str
    node: str
    change: str
    detail: str
    photos: tuple[CaseAttachment, ...] = ()


def _unit_names(events: list[CaseEvent]) -> dict[str, str]:
    """Names of the departments and regions the events' details refer to by code."""
    departments, regions = set(), set()
    for event in events:
        data = event.data or {}
        if data.get("department"):
            departments.add(data["department"])
        regions.update(
            data[key] for key in ("region", "from_node", "to_node") if data.get(key)
        )
    names: dict[str, str] = {}
    if departments:
        names |= {
            f"department:{code}": name
            for code, name in Department.objects.filter(
                code__in=departments
            ).values_list("code", "name")
        }
    if regions:
        names |= {
            f"region:{code}": name
            for code, name in Region.objects.filter(code__in=regions).values_list(
                "code", "name"
            )
        }
    return names


def _local_text(iso: str | None) -> str:
    if not iso:
        return ""
    return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")


def _detail(event: CaseEvent, names: dict[str, str]) -> str:
    """What the event's details add, in a few words."""
    data, action = event.data or {}, event.action
    unit = names.get(f"department:{data.get('department')}") or names.get(
        f"region:{data.get('region')}", ""
    )
    if action == EventKind.DISPATCH:
        return _("to %(unit)s") % {"unit": unit} if unit else ""
    if action in (
        EventKind.ASSIST_ADD,
        EventKind.ASSIST_ACCEPT,
        EventKind.ASSIST_REPORT,
    ):
        return unit
    if action == EventKind.HANDLE and data.get("open_assists"):
        return _("while %(units)s had not reported their part") % {
            "units": "、".join(data["open_assists"])
        }
    if action in (EventKind.ESCALATE, EventKind.SEND_DOWN):
        return _("from %(from)s to %(to)s") % {
            "from": names.get(f"region:{data.get('from_node')}", ""),
            "to": names.get(f"region:{data.get('to_node')}", ""),
        }
    if action == EventKind.MERGE:
        return _("into %(number)s") % {"number": data.get("into", "")}
    if action == EventKind.EXTENSION_REQUEST and data.get("unit") in LimitUnit.values:
        return _("%(amount)s %(unit)s more") % {
            "amount": data.get("amount"),
            "unit": LimitUnit(data["unit"]).label,
        }
    if action == EventKind.EXTENSION_APPROVED and data.get("deadline"):
        return _("new deadline %(time)s") % {"time": _local_text(data["deadline"])}
    if action == EventKind.SUPERVISE and data.get("due_at"):
        return _("reply due %(time)s") % {"time": _local_text(data["due_at"])}
    if action == EventKind.RATE and data.get("satisfaction") in Satisfaction.values:
        return str(Satisfaction(data["satisfaction"]).label)
    return ""


def _state_label(state: str) -> str:
    return str(CaseState(state).label) if state in CaseState.values else state


def case_timeline(case: Case) -> list[TimelineEntry]:
    """The case's events, oldest first, each with who acted, in which post, at which node."""
    events = list(case.events.all())
    names = _unit_names(events)
    photos: dict[int, list[CaseAttachment]] = defaultdict(list)
    for photo in case.attachments.all():
        if photo.event_id:
            photos[photo.event_id].append(photo)
    entries = []
    for event in events:
        changed = event.from_state and event.from_state != event.to_state
        entries.append(
            TimelineEntry(
                event=event,
                label=event_label(event.action),
                actor=str(event.actor) if event.actor_id else _("System"),
                role=str(Role(event.actor_post.role).label)
                if event.actor_post_id
                else "",
                node=event.node.name,
                change=(
                    f"{_state_label(event.from_state)} → {_state_label(event.to_state)}"
                    if changed
                    else ""
                ),
                detail=_detail(event, names),
                photos=tuple(photos.get(event.pk, ())),
            )
        )
    return entries
