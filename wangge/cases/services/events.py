"""Writing the immutable record of a case: the locked row, then one event per change."""

from wangge.cases.models import Case, CaseEvent, EventKind
from wangge.core import clock


def case_lock(case: Case) -> Case:
    """The case re-read with its row locked for this transaction, with what every write reads.

    Every service that changes a case starts here, so concurrent steps queue on the row
    and each one sees the state the previous one left.
    """
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related(
            "category", "cell", "node", "handler_department", "handler_region"
        )
        .get(pk=case.pk)
    )


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
    """Append an event to the case's timeline (state unchanged unless `from_state` differs)."""
    return CaseEvent.objects.create(
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
