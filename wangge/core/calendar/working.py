"""Working time: office hours on working days, the clock every deadline runs on.

Pure: no ORM, no settings. A `WorkingCalendar` is built from plain data (the dates that
break the weekday rule and the office periods of a working day) by
`wangge.core.calendar.selectors.working_calendar_get`, or directly in tests.

A date is a working day when it is a make-up working day (调休: a weekend day worked in
exchange for a holiday), or when it falls Monday to Friday and is not a holiday. A year
with no entries at all is therefore counted by the weekday rule alone: the system check
core.W001 warns about the missing year, the arithmetic here never fails on it.

Sums are taken over UTC instants, so the answers stay right in any time zone; results are
given in the calendar's zone.

The arithmetic reads an index of the office periods (`_Index`): every period of a stretch
of whole years as UTC instants, with the office time before it. Office time up to an
instant is then one binary search, and an instant some office time later another; a
deadline costs the same over a weekend, a week of holidays or a month. The index grows by
whole years when an instant falls outside it.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

Period = tuple[time, time]

# Office hours unless the admin says otherwise: 08:30–12:00 and 13:30–17:30.
DEFAULT_PERIODS: tuple[Period, ...] = (
    (time(8, 30), time(12, 0)),
    (time(13, 30), time(17, 30)),
)

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class _Index:
    """The office periods of the dates from `first` up to `end` (excluded), in order, as UTC
    instants; `before[i]` is the office time from the start of `first` to `opens[i]`,
    `after[i]` the office time up to `closes[i]`."""

    first: date
    end: date
    opens: tuple[datetime, ...]
    closes: tuple[datetime, ...]
    before: tuple[timedelta, ...]
    after: tuple[timedelta, ...]

    def covers(self, day: date) -> bool:
        return self.first <= day < self.end

    def used_until(self, moment: datetime) -> timedelta:
        """Office time from the start of `first` to `moment` (UTC, within the index)."""
        i = bisect_right(self.opens, moment) - 1
        if i < 0:
            return timedelta()
        return self.before[i] + min(moment, self.closes[i]) - self.opens[i]

    def instant_at(self, used: timedelta) -> datetime | None:
        """The earliest instant by which `used` office time has passed since the start of
        `first`; None when it lies past the index. A sum that ends exactly at a period's
        close gives that close."""
        i = bisect_left(self.after, used)
        if i == len(self.after):
            return None
        return self.opens[i] + (used - self.before[i])


class WorkingCalendar:
    """Working days and office hours, and time arithmetic that counts only office hours.

    `holidays` are days off that would otherwise be worked; `makeup_workdays` are days
    worked that would otherwise be off; `periods` are the office hours of every working
    day as local wall-clock times, e.g. [(08:30, 12:00), (13:30, 17:30)]; `tz` is the zone
    those wall-clock times are read in.
    """

    def __init__(
        self,
        holidays: Iterable[date],
        makeup_workdays: Iterable[date],
        periods: Iterable[Period],
        tz: tzinfo,
    ) -> None:
        self.holidays = frozenset(holidays)
        self.makeup_workdays = frozenset(makeup_workdays)
        both = self.holidays & self.makeup_workdays
        if both:
            raise ValueError(
                f"dates cannot be both a holiday and a working day: {sorted(both)}"
            )
        self.periods: tuple[Period, ...] = tuple(sorted(periods))
        if not self.periods:
            raise ValueError("a working day needs at least one office period")
        previous_end: time | None = None
        for start, end in self.periods:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError(
                    "office periods are local wall-clock times, without tzinfo"
                )
            if not start < end:
                raise ValueError(
                    f"an office period must end after it starts: {start}–{end}"
                )
            if previous_end is not None and start < previous_end:
                raise ValueError(f"office periods overlap at {start}")
            previous_end = end
        self.tz = tz
        # Nominal length of a working day (wall clock), the unit of `add_working_days`.
        anchor = date(2000, 1, 3)
        self.day_length: timedelta = sum(
            (
                datetime.combine(anchor, end) - datetime.combine(anchor, start)
                for start, end in self.periods
            ),
            timedelta(),
        )
        self._index: _Index | None = None

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar({len(self.holidays)} holidays, "
            f"{len(self.makeup_workdays)} make-up working days, periods={self.periods!r}, "
            f"tz={self.tz!r})"
        )

    def is_workday(self, day: date) -> bool:
        """Whether the office works on this date."""
        if day in self.makeup_workdays:
            return True
        return day.weekday() < _SATURDAY and day not in self.holidays

    def is_office_time(self, moment: datetime) -> bool:
        """Whether an instant lies within the office hours of a working day (ends included)."""
        local = _aware(moment, "moment").astimezone(self.tz)
        if not self.is_workday(local.date()):
            return False
        clock = local.time().replace(tzinfo=None)
        return any(start <= clock <= end for start, end in self.periods)

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """The earliest instant at which `delta` of office time has passed since `start`.

        A sum that exactly fills a period ends at that period's close (12:00, 17:30), not
        at the next opening; `delta` zero gives `start` back.
        """
        if delta < timedelta():
            raise ValueError(f"working time to add must not be negative, got {delta}")
        cursor = _aware(start, "start")
        if not delta:
            return cursor.astimezone(self.tz)
        index = self._index_covering(self._local_date(cursor))
        while (found := index.instant_at(index.used_until(cursor) + delta)) is None:
            index = self._index_covering(self._local_date(cursor), index.end)
        return found.astimezone(self.tz)

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """`n` full working days of office time after `start`.

        From Friday 10:00, one working day is Monday 10:00; from a Saturday it is the end of
        Monday's office hours. Deadlines in days and in hours thus use the same scale.
        """
        if n < 0:
            raise ValueError(f"working days to add must not be negative, got {n}")
        return self.add_working_time(start, self.day_length * n)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time from `a` to `b`; negative when `b` is before `a`."""
        a, b = _aware(a, "a"), _aware(b, "b")
        if b < a:
            return -self.working_time_between(b, a)
        index = self._index_covering(self._local_date(a), self._local_date(b))
        return index.used_until(b) - index.used_until(a)

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _index_covering(self, day: date, other: date | None = None) -> _Index:
        """An index covering `day` (and `other`): the one at hand, or a new one grown by
        whole years (a new object, so a reader holding the old one is never disturbed)."""
        index = self._index
        if (
            index is not None
            and index.first <= day < index.end
            and (other is None or index.first <= other < index.end)
        ):
            return index
        years = [day.year] if other is None else [day.year, other.year]
        if index is not None:
            years += [index.first.year, index.end.year - 1]
        first, end = date(min(years), 1, 1), date(max(years) + 1, 1, 1)
        opens, closes, before, after = [], [], [], []
        used = timedelta()
        current = first
        while current < end:
            for opening, closing in self._office_periods_on(current):
                opens.append(opening)
                closes.append(closing)
                before.append(used)
                used += closing - opening
                after.append(used)
            current += _ONE_DAY
        index = _Index(
            first, end, tuple(opens), tuple(closes), tuple(before), tuple(after)
        )
        self._index = index
        return index

    def _office_periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The office periods of a date as UTC instants; none on a day off."""
        if not self.is_workday(day):
            return []
        return [
            (
                datetime.combine(day, start, tzinfo=self.tz).astimezone(UTC),
                datetime.combine(day, end, tzinfo=self.tz).astimezone(UTC),
            )
            for start, end in self.periods
        ]
