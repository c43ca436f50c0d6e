"""Working calendars for tests: the real 2004–2026 data of chinese-calendar, without the database."""

from datetime import datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import factory

from wangge.core.calendar.working import DEFAULT_PERIODS, Period, WorkingCalendar
from wangge.core.models import CalendarDay, CalendarDayKind

SHANGHAI = ZoneInfo("Asia/Shanghai")


def package_calendar(periods: tuple[Period, ...] = DEFAULT_PERIODS) -> WorkingCalendar:
    """The calendar the seeding migration builds, made straight from the package."""
    return WorkingCalendar(
        holidays=[day for day in chinese_calendar.holidays if day.weekday() < 5],
        makeup_workdays=[
            day for day in chinese_calendar.workdays if day.weekday() >= 5
        ],
        periods=periods,
        tz=SHANGHAI,
    )


def at(text: str) -> datetime:
    """A Shanghai wall-clock time: at("2026-10-09 17:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


class CalendarDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarDay
        django_get_or_create = ("date",)

    kind = CalendarDayKind.HOLIDAY
    name = "节日"
