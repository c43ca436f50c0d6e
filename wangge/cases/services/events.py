"""Writing the immutable record of a case: one event per change."""

from wangge.cases.models import Case, CaseEvent, EventKind
from wangge.core import clock


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
