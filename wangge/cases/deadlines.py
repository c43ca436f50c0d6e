"""Keeping a case's stored deadline, warning instant and light right, from `sla` and the calendar.

The instants are those of the case's current stage (`stages`): every transition ends one
stage and starts the next. The sweep only compares the stored instants with now; these
functions set them whenever a stage starts, is extended, or comes off the shelf.
"""

from datetime import UTC, datetime

from wangge.cases import sla
from wangge.cases.models import Case, Priority, RequestStatus, ShelvingRequest
from wangge.cases.models.case import ESCALATABLE_SLUGS
from wangge.cases.policy import escalation_grace, stage_limit
from wangge.cases.stages import Stage, ended_on_time, stage_of
from wangge.core.calendar.selectors import working_calendar_get

_BATCH = 1000


def handling_limit(case: Case) -> sla.LimitLike:
    """The category's limit, or its urgent one for an urgent case: the handling stage's."""
    category = case.category
    if case.priority == Priority.URGENT and category.urgent_limit is not None:
        return category.urgent_limit
    return category.handling_limit or sla.Limit(1, sla.DAYS)


def limit_for(case: Case, stage: Stage) -> sla.LimitLike:
    """The limit of `stage` for the case: the category's for handling, else its node level's."""
    if stage == Stage.HANDLING:
        return handling_limit(case)
    return stage_limit(stage, case.node.level)


def stage_start(case: Case, at: datetime) -> None:
    """Start the clock of the stage the case is in now (see `stages`), green, at `at`.

    A finished case keeps the instants of its last stage: its clock has stopped.
    """
    stage = stage_of(case.state)
    if stage is None:
        return
    calendar = working_calendar_get()
    case.started_at = at
    case.deadline = sla.deadline_for(at, limit_for(case, stage), calendar)
    case.warning_at = sla.warning_at(at, case.deadline, calendar)
    case.light = sla.light(at, case.deadline, at, calendar)
    schedule_escalation(case, calendar)


def stage_end(case: Case, at: datetime) -> dict:
    """What the event that ends the case's current stage at `at` records about it.

    `{"stage", "due", "on_time"}`; the deadline counts the time on the shelf as stopped, and
    includes approved extensions. Empty for a case without a stage or a clock.
    """
    stage = stage_of(case.state)
    if stage is None or case.deadline is None:
        return {}
    due = case.deadline
    if case.is_shelved and case.shelved_since is not None:
        since = max(case.shelved_since, case.started_at or case.shelved_since)
        due = sla.after_shelving(due, since, max(at, since), working_calendar_get())
    return {
        "stage": stage.value,
        "due": due.astimezone(UTC).isoformat(),
        "on_time": ended_on_time(at, due),
    }


def extend(case: Case, extra: sla.LimitLike, now: datetime) -> None:
    """Move the deadline by an approved extension and recompute the warning and the light.

    The time the case sat on the shelf is not counted: the stored instants already moved
    past every shelving that ended, and one still running moves them when it ends.
    """
    calendar = working_calendar_get()
    ended = [(since, until) for since, until in shelvings(case) if until is not None]
    case.deadline = sla.extended(case.deadline, extra, calendar)
    case.warning_at = sla.warning_at(
        case.started_at, case.deadline, calendar, shelved=ended
    )
    if not case.is_shelved:
        case.light = sla.light(
            case.started_at, case.deadline, now, calendar, shelved=ended
        )
    schedule_escalation(case, calendar)


def shelvings(case: Case) -> list[sla.Shelving]:
    """The periods the case sat on the shelf since its clock started, oldest first."""
    rows = ShelvingRequest.objects.filter(
        case=case, status=RequestStatus.APPROVED, decided_at__isnull=False
    ).order_by("decided_at")
    return [
        (row.decided_at, row.released_at)
        for row in rows
        if row.released_at is None or row.released_at > case.started_at
    ]


def unshelve(case: Case, now: datetime) -> None:
    """Move both instants on by the working time the case sat on the shelf.

    A stage that began while the case was on the shelf stood still from its start.
    """
    calendar = working_calendar_get()
    since = max(case.shelved_since, case.started_at or case.shelved_since)
    case.deadline = sla.after_shelving(case.deadline, since, now, calendar)
    case.warning_at = sla.after_shelving(case.warning_at, since, now, calendar)
    case.is_shelved = False
    case.shelved_since = None
    schedule_escalation(case, calendar)


def light_now(case: Case, now: datetime) -> str:
    """The light from the stored instants: what the sweep would set."""
    if case.deadline is None or case.is_shelved:
        return case.light
    if now > case.deadline:
        return sla.Light.RED
    if now >= case.warning_at:
        return sla.Light.YELLOW
    return sla.Light.GREEN


def schedule_escalation(case: Case, calendar=None) -> None:
    """When the case escalates by itself if still open: the node level's grace after the
    later of its deadline and its arrival at the node, so each level gets its own time.

    `calendar`: the one the caller already holds, so its freshness is checked once.
    """
    _schedule(
        case, escalation_grace(case.node.level), calendar or working_calendar_get()
    )


def reschedule_escalations(level: str) -> int:
    """Apply a changed escalation policy of `level` to the open cases its nodes own now.

    Returns how many cases were rescheduled.
    """
    grace, calendar = escalation_grace(level), working_calendar_get()
    cases = Case.objects.filter(state__in=ESCALATABLE_SLUGS, node__level=level).only(
        "pk", "deadline", "node_since", "escalate_at"
    )
    batch: list[Case] = []
    count = 0
    for case in cases.iterator(chunk_size=_BATCH):
        _schedule(case, grace, calendar)
        batch.append(case)
        if len(batch) == _BATCH:
            count += Case.objects.bulk_update(batch, ["escalate_at"])
            batch = []
    return count + (Case.objects.bulk_update(batch, ["escalate_at"]) if batch else 0)


def _schedule(case: Case, grace, calendar) -> None:
    if case.deadline is None or grace is None:
        case.escalate_at = None
        return
    since = max(case.deadline, case.node_since or case.deadline)
    case.escalate_at = calendar.add_working_time(since, grace)
