"""Deadlines in working time: the deadline, the 80 % warning instant, and the light.

Pure: a `WorkingCalendar` and datetimes in, datetimes out; no ORM, no settings. The
calendar comes from `wangge.core.calendar.selectors.working_calendar_get()`.

A case's clock starts at `started_at` (the start of its current stage, see `stages`) and
counts only office hours of working days. The limit is the stage's (`Limit`; the caller
picks it: the category's, or its urgent variant, for handling). Shelving
(挂账) stops the clock: functions that measure take the shelved intervals as `shelved`,
`(since, until)`, with `until` None while the case is still on the shelf (its light
then stays where it was). An approved extension (延期) adds working time to the deadline.

How a case keeps its stored instants right, so that the sweep only compares them with now
(yellow from `warning_at` on, red once past the deadline; the same answers `light` gives):
- on start: `deadline = deadline_for(started_at, limit, cal)`,
  `warning = warning_at(started_at, deadline, cal)`;
- on an extension: `deadline = extended(deadline, extra, cal)`, then `warning_at` again;
- on leaving the shelf: `after_shelving(instant, since, until, cal)` for both instants.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.calendar.working import WorkingCalendar

HOURS = "hours"
DAYS = "days"
UNITS = (HOURS, DAYS)

# The share of the limit after which a case turns yellow: 4/5, exactly.
_WARNING_NUMERATOR, _WARNING_DENOMINATOR = 4, 5

# (since, until): until is None while the case is still on the shelf.
Shelving = tuple[datetime, datetime | None]
_FOREVER = datetime.max.replace(tzinfo=UTC)


class LimitLike(Protocol):
    """Anything with an amount and a unit, e.g. `Limit` or the catalogue's `TimeLimit`."""

    @property
    def amount(self) -> int: ...

    @property
    def unit(self) -> str: ...


@dataclass(frozen=True)
class Limit:
    """A time limit of a category: so many working hours, or working days."""

    amount: int
    unit: str

    def __post_init__(self) -> None:
        _check_limit(self)


class Light(models.TextChoices):
    """How close a case is to its deadline."""

    GREEN = "green", _("On time")  # less than 80 % of the limit used
    YELLOW = "yellow", _("Due soon")  # 80 % or more used, deadline not passed
    RED = "red", _("Overdue")  # the deadline has passed


def _check_limit(limit: LimitLike) -> None:
    if limit.unit not in UNITS:
        raise ValueError(f"a limit's unit is 'hours' or 'days', got {limit.unit!r}")
    if limit.amount < 1:
        raise ValueError(f"a limit's amount is at least 1, got {limit.amount!r}")


def limit_working_time(limit: LimitLike, calendar: WorkingCalendar) -> timedelta:
    """The working time a limit allows; a working day is one day of office hours."""
    _check_limit(limit)
    if limit.unit == HOURS:
        return timedelta(hours=limit.amount)
    return calendar.day_length * limit.amount


def deadline_for(
    started_at: datetime,
    limit: LimitLike,
    calendar: WorkingCalendar,
    *,
    shelved: Iterable[Shelving] = (),
) -> datetime:
    """The instant the limit runs out, counting office time from `started_at`.

    It always lies within office hours of a working day (a period's closing time included).
    """
    return _add_active(
        started_at, limit_working_time(limit, calendar), calendar, shelved
    )


def extended(
    deadline: datetime, extension: LimitLike | timedelta, calendar: WorkingCalendar
) -> datetime:
    """The deadline after an approved extension: that much more working time."""
    if isinstance(extension, timedelta):
        extra = extension
    else:
        extra = limit_working_time(extension, calendar)
    return calendar.add_working_time(deadline, extra)


def after_shelving(
    instant: datetime,
    shelved_from: datetime,
    shelved_until: datetime,
    calendar: WorkingCalendar,
) -> datetime:
    """A deadline (or warning instant) moved on by the working time the case sat shelved.

    Shelving that began after the instant had passed moves nothing: what was overdue
    stays overdue.
    """
    if shelved_until < shelved_from:
        raise ValueError("shelving must end after it begins")
    if shelved_from >= instant:
        return instant
    return calendar.add_working_time(
        instant, calendar.working_time_between(shelved_from, shelved_until)
    )


def working_time_used(
    started_at: datetime,
    now: datetime,
    calendar: WorkingCalendar,
    *,
    shelved: Iterable[Shelving] = (),
) -> timedelta:
    """Office time the case's clock has run from `started_at` to `now`, shelved time excluded."""
    if now <= started_at:
        return timedelta()
    used = calendar.working_time_between(started_at, now)
    for begins, ends in _merged(shelved):
        low, high = max(begins, started_at), min(ends, now)
        if high > low:
            used -= calendar.working_time_between(low, high)
    return used


def warning_at(
    started_at: datetime,
    deadline: datetime,
    calendar: WorkingCalendar,
    *,
    shelved: Iterable[Shelving] = (),
) -> datetime:
    """The instant 80 % of the working time from start to deadline has been used: yellow from then on."""
    shelved = list(shelved)
    limit = working_time_used(started_at, deadline, calendar, shelved=shelved)
    return _add_active(started_at, _warning_share(limit), calendar, shelved)


def light(
    started_at: datetime,
    deadline: datetime,
    now: datetime,
    calendar: WorkingCalendar,
    *,
    shelved: Iterable[Shelving] = (),
) -> Light:
    """Green below 80 % of the limit used, yellow from 80 % up to the deadline, red past it.

    Measured in working time: an evening or a holiday uses none of the limit, although
    a deadline that passed at 17:30 is red that evening. A case on the shelf at `now`
    shows the light it had when shelved; `deadline` is the stored one, moved by
    `after_shelving` for every shelving that has ended.
    """
    past = [(begins, ends) for begins, ends in _merged(shelved) if begins <= now]
    if past and past[-1][1] > now:
        # Still on the shelf: the clock stopped when it was shelved.
        now = past.pop()[0]
    limit = working_time_used(started_at, deadline, calendar, shelved=past)
    used = working_time_used(started_at, now, calendar, shelved=past)
    if now > deadline and used >= limit:
        return Light.RED
    if used >= _warning_share(limit):
        return Light.YELLOW
    return Light.GREEN


def _warning_share(limit: timedelta) -> timedelta:
    # Integer arithmetic on microseconds, so `light` and `warning_at` agree to the microsecond.
    return limit * _WARNING_NUMERATOR // _WARNING_DENOMINATOR


def _merged(shelved: Iterable[Shelving]) -> list[tuple[datetime, datetime]]:
    """Shelved intervals sorted, with overlapping ones joined; a running one ends never."""
    merged: list[tuple[datetime, datetime]] = []
    closed = [(begins, _FOREVER if ends is None else ends) for begins, ends in shelved]
    for begins, ends in sorted(closed):
        if ends < begins:
            raise ValueError("shelving must end after it begins")
        if merged and begins <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], ends))
        else:
            merged.append((begins, ends))
    return merged


def _add_active(
    start: datetime,
    amount: timedelta,
    calendar: WorkingCalendar,
    shelved: Iterable[Shelving],
) -> datetime:
    """The earliest instant at which the clock, stopped while shelved, has run `amount`."""
    cursor = start
    for begins, ends in _merged(shelved):
        if ends <= cursor:
            continue
        if begins > cursor:
            room = calendar.working_time_between(cursor, begins)
            if amount <= room:
                return calendar.add_working_time(cursor, amount)
            amount -= room
        if ends == _FOREVER:
            raise ValueError("the clock of a case still on the shelf has no end yet")
        cursor = ends
    return calendar.add_working_time(cursor, amount)
