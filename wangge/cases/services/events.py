"""Writing the immutable record of a case: the locked row, then one event per change."""

from wangge.cases.models import Case, CaseEvent, EventKind
from wangge.cases.rollups import case_tally_follow, case_tally_watch
from wangge.cases.signals import case_event_recorded
from wangge.core import clock


def case_lock(case: Case) -> Case:
    """The case re-read with its row locked for this transaction, with what every write reads.

    Every service that changes a case starts here, so concurrent steps queue on the row
    and each one sees the state the previous one left.
    """
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related(
            "category", "cell", "node", "handler_department", "handler_region"
        )
        # Who stands to the case in which capacity is asked two or three times a step
        # (`access.case_posts`): one read of the assisting units serves them all.
        .prefetch_related("assists")
        .get(pk=case.pk)
    )
    # The roll-up is moved by what changes between this read and the event.
    return case_tally_watch(case)


def event_record(
    case: Case,
    action: EventKind,
    *,
    actor=None,
    post=None,
    from_state: str = "",
    note: str = "",
    data: dict | None = None,
    at=None,
) -> CaseEvent:
    """Append an event to the case's timeline (state unchanged unless `from_state` differs),
    and move the roll-up counters by what the change did to the case's marks."""
    case_tally_follow(case, new=action == EventKind.REPORT, data=data)
    event = CaseEvent.objects.create(
        case=case,
        action=action,
        from_state=from_state,
        to_state=case.state,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_post=post,
        node=case.node,
        note=note,
        data=data or {},
        created_at=at or clock.now(),
    )
    case_event_recorded.send(sender=Case, case=case, event=event)
    return event
