"""The one source of 'now', so tests and `--at` options can move time."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.utils import timezone

_override: ContextVar[datetime | None] = ContextVar(
    "wangge_clock_override", default=None
)


def now() -> datetime:
    return _override.get() or timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Let everything inside the block see `moment` as now (e.g. `sweep_deadlines --at`)."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    token = _override.set(moment)
    try:
        yield moment
    finally:
        _override.reset(token)
