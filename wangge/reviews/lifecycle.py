"""What may happen to a special review in each state: one pure table, no ORM.

Recording minutes, linking cases and giving tasks keep the state; the first decision
moves an open review to decided; closing ends it, after which nothing more is recorded.
"""

from __future__ import annotations

from wangge.reviews.models.review import ReviewEventKind as K
from wangge.reviews.models.review import ReviewState as S

_KEEP = (K.MINUTES, K.CASES, K.TASK, K.TASK_DONE, K.TASK_CANCELLED)

TABLE: dict[tuple[str, str], str] = {
    **{(S.OPEN, kind): S.OPEN for kind in _KEEP},
    **{(S.DECIDED, kind): S.DECIDED for kind in _KEEP},
    (S.OPEN, K.DECISION): S.DECIDED,
    (S.DECIDED, K.DECISION): S.DECIDED,
    (S.OPEN, K.CLOSE): S.CLOSED,
    (S.DECIDED, K.CLOSE): S.CLOSED,
}


class ReviewClosed(Exception):
    """The review no longer takes this record in its state."""


def next_state(state: str, kind: str) -> str:
    """The review's state after recording `kind`; raises `ReviewClosed` when not allowed."""
    try:
        return TABLE[(state, kind)]
    except KeyError:
        raise ReviewClosed(kind) from None
