"""Keeping a case's stored deadline, warning instant and light right, from `sla` and the calendar.

The sweep only compares the stored instants with now; these functions set them whenever
the clock starts, is extended, or comes off the shelf.
"""

from datetime import datetime

from wangge.cases import sla
from wangge.cases.models import Case, Priority
from wangge.cases.policy import escalation_grace
from wangge.core.calendar.selectors import working_calendar_get


def limit_for(case: Case) -> sla.LimitLike:
    """The category's limit, or its urgent one for an urgent case."""
    category = case.category
    if case.priority == Priority.URGENT and category.urgent_limit is not None:
        return category.urgent_limit
    return category.handling_limit or sla.Limit(1, sla.DAYS)


def start_clock(case: Case, at: datetime) -> None:
    """Start (or restart, on reopening) the case's clock at `at`."""
    calendar = working_calendar_get()
    case.started_at = at
    case.deadline = sla.deadline_for(at, limit_for(case), calendar)
    case.warning_at = sla.warning_at(at, case.deadline, calendar)
    case.light = sla.light(at, case.deadline, at, calendar)
    schedule_escalation(case)


def extend(case: Case, extra: sla.LimitLike, now: datetime) -> None:
    """Move the deadline by an approved extension and recompute the warning and the light."""
    calendar = working_calendar_get()
    case.deadline = sla.extended(case.deadline, extra, calendar)
    case.warning_at = sla.warning_at(case.started_at, case.deadline, calendar)
    case.light = sla.light(case.started_at, case.deadline, now, calendar)
    schedule_escalation(case)


def unshelve(case: Case, now: datetime) -> None:
    """Move both instants on by the working time the case sat on the shelf."""
    calendar = working_calendar_get()
    since = case.shelved_since
    case.deadline = sla.after_shelving(case.deadline, since, now, calendar)
    case.warning_at = sla.after_shelving(case.warning_at, since, now, calendar)
    case.is_shelved = False
    case.shelved_since = None
    schedule_escalation(case)


def light_now(case: Case, now: datetime) -> str:
    """The light from the stored instants: what the sweep would set."""
    if case.deadline is None or case.is_shelved:
        return case.light
    if now > case.deadline:
        return sla.Light.RED
    if now >= case.warning_at:
        return sla.Light.YELLOW
    return sla.Light.GREEN


def schedule_escalation(case: Case) -> None:
    """When the case escalates by itself if still open: the node level's grace after the
    later of its deadline and its arrival at the node, so each level gets its own time."""
    grace = escalation_grace(case.node.level)
    if case.deadline is None or grace is None:
        case.escalate_at = None
        return
    since = max(case.deadline, case.node_since or case.deadline)
    case.escalate_at = working_calendar_get().add_working_time(since, grace)
