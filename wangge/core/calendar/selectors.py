"""The working calendar as the database holds it, built once per process and rebuilt after edits.

Office hours are rows of `OfficeHours`, not a setting: the city management office changes
them in the admin, beside the holidays, when the hours change (summer hours, say), without
a deployment. With no rows the default 08:30–12:00 and 13:30–17:30 applies, so the
calendar never stops working.

Each process keeps the built calendar and, at most every
`WANGGE_CALENDAR_RECHECK_SECONDS`, compares a fingerprint of both tables (row count and
latest `updated_at`) with the one it was built from: any save or delete, in the admin, a
shell or a migration, is picked up by every web and worker process without signals.
`QuerySet.update()` does not touch `updated_at`; change calendar rows through `save()`.
"""

import time as monotonic_clock
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max

from wangge.core.calendar.working import DEFAULT_PERIODS, WorkingCalendar
from wangge.core.models import CalendarDay, CalendarDayKind, OfficeHours


@dataclass(frozen=True)
class _Built:
    fingerprint: tuple[object, ...]
    checked_at: float
    calendar: WorkingCalendar


_built: _Built | None = None


def working_calendar_get() -> WorkingCalendar:
    """The working calendar every deadline is computed with (cached, rebuilt after edits)."""
    global _built
    now = monotonic_clock.monotonic()
    built = _built
    if (
        built is not None
        and now - built.checked_at < settings.WANGGE_CALENDAR_RECHECK_SECONDS
    ):
        return built.calendar
    # The fingerprint is read before the rows: a change in between only causes a rebuild.
    fingerprint = _fingerprint()
    if built is None or built.fingerprint != fingerprint:
        built = _Built(fingerprint, now, _build())
    else:
        built = _Built(fingerprint, now, built.calendar)
    _built = built
    return built.calendar


def working_calendar_forget() -> None:
    """Drop this process's calendar, so the next call rebuilds it from the database."""
    global _built
    _built = None


def calendar_years_missing(years: list[int]) -> list[int]:
    """The years among `years` without a single calendar day entered: counted by weekday rule only."""
    present = set(
        CalendarDay.objects.filter(date__year__in=years)
        .values_list("date__year", flat=True)
        .distinct()
    )
    return [year for year in years if year not in present]


def _fingerprint() -> tuple[object, ...]:
    days = CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    hours = OfficeHours.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (days["n"], days["last"], hours["n"], hours["last"])


def _build() -> WorkingCalendar:
    holidays: list[date] = []
    workdays: list[date] = []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDayKind.HOLIDAY else workdays).append(day)
    periods = list(OfficeHours.objects.values_list("start", "end")) or DEFAULT_PERIODS
    return WorkingCalendar(holidays, workdays, periods, ZoneInfo(settings.TIME_ZONE))
