"""Our case states as GeoReport v2 sees them: the one table from state to open or closed.

GeoReport v2 knows two statuses. A case is `open` while anyone still has to act on it
(handled but not yet verified included: the problem may still be there) and `closed` once
it ends: verified and closed, rejected, or merged into another case, whose outcome the
reporter hears instead. A reopened case is open again, as its state says.
"""

from wangge.cases.workflow import CaseState

OPEN = "open"
CLOSED = "closed"
STATUSES = (OPEN, CLOSED)

STATUS_OF_STATE: dict[str, str] = {
    CaseState.REPORTED: OPEN,
    CaseState.REGISTERED: OPEN,
    CaseState.DISPATCHED: OPEN,
    CaseState.IN_PROGRESS: OPEN,
    CaseState.HANDLED: OPEN,
    CaseState.CLOSED: CLOSED,
    CaseState.REJECTED: CLOSED,
    CaseState.MERGED: CLOSED,
}


def status_of(state: str) -> str:
    """The GeoReport status of a case state (`open` or `closed`)."""
    return STATUS_OF_STATE[state]


def states_with(status: str) -> list[str]:
    """The case states a GeoReport status stands for, as stored slugs."""
    return sorted(
        str(state) for state, shown in STATUS_OF_STATE.items() if shown == status
    )
