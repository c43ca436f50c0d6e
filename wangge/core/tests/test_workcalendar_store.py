"""The working calendar in the database: the seeded data, the per-process copy, the admin, core.W001."""

from datetime import date, time, timedelta

import chinese_calendar
import pytest
import time_machine
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from wangge.core.calendar.checks import calendar_covers_coming_year
from wangge.core.calendar.selectors import (
    calendar_years_missing,
    working_calendar_forget,
    working_calendar_get,
)
from wangge.core.models import CalendarDay, OfficeHours
from wangge.core.tests.factories import CalendarDayFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():
    working_calendar_forget()
    yield
    working_calendar_forget()


def test_the_seeded_calendar_holds_national_day_and_its_makeup_saturday():
    national_day = CalendarDay.objects.get(date=date(2026, 10, 1))
    makeup = CalendarDay.objects.get(date=date(2026, 10, 10))
    assert (national_day.kind, national_day.name, national_day.source) == (
        "holiday",
        "国庆节",
        "package",
    )
    assert (makeup.kind, makeup.name) == ("makeup_workday", "国庆节")


def test_only_days_that_break_the_weekday_rule_are_seeded():
    weekday_holidays = sum(1 for d in chinese_calendar.holidays if d.weekday() < 5)
    weekend_workdays = sum(1 for d in chinese_calendar.workdays if d.weekday() >= 5)
    assert CalendarDay.objects.count() == weekday_holidays + weekend_workdays
    # Saturday 2026-10-03 is off anyway.
    assert not CalendarDay.objects.filter(date=date(2026, 10, 3)).exists()
    assert CalendarDay.objects.dates("date", "year").first().year == 2004


def test_default_office_hours_are_seeded():
    assert [str(period) for period in OfficeHours.objects.all()] == [
        "08:30–12:00",
        "13:30–17:30",
    ]


def test_the_calendar_from_the_database_counts_2026_as_the_package_does():
    calendar = working_calendar_get()
    assert not calendar.is_workday(date(2026, 10, 1))
    assert calendar.is_workday(date(2026, 10, 10))
    assert calendar.add_working_time(at("2026-10-09 17:00"), timedelta(hours=1)) == at(
        "2026-10-10 09:00"
    )


def test_a_day_entered_for_next_year_is_used_at_once():
    assert working_calendar_get().is_workday(date(2027, 10, 1))
    CalendarDayFactory(date=date(2027, 10, 1), name="国庆节")
    assert not working_calendar_get().is_workday(date(2027, 10, 1))


def test_a_deleted_day_is_forgotten_at_once():
    working_calendar_get()
    CalendarDay.objects.get(date=date(2026, 10, 1)).delete()
    assert working_calendar_get().is_workday(date(2026, 10, 1))


def test_changed_office_hours_are_used_at_once():
    assert working_calendar_get().day_length == timedelta(hours=7, minutes=30)
    afternoon = OfficeHours.objects.get(start=time(13, 30))
    afternoon.start, afternoon.end = time(15, 0), time(18, 0)
    afternoon.save()
    assert working_calendar_get().day_length == timedelta(hours=6, minutes=30)


def test_without_office_hours_the_default_periods_apply():
    OfficeHours.objects.all().delete()
    calendar = working_calendar_get()
    assert calendar.periods == (
        (time(8, 30), time(12, 0)),
        (time(13, 30), time(17, 30)),
    )


def test_an_unchanged_calendar_is_reused_after_one_cheap_check(
    django_assert_num_queries,
):
    first = working_calendar_get()
    with django_assert_num_queries(2):
        assert working_calendar_get() is first


def test_between_rechecks_the_calendar_costs_no_query(
    settings, django_assert_num_queries
):
    settings.WANGGE_CALENDAR_RECHECK_SECONDS = 3600
    first = working_calendar_get()
    CalendarDayFactory(date=date(2027, 10, 1))
    with django_assert_num_queries(0):
        assert working_calendar_get() is first


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_missing_next_year_raises_core_w001():
    warnings = calendar_covers_coming_year(databases=["default"])
    assert [w.id for w in warnings] == ["core.W001"]
    assert "2027" in warnings[0].msg


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_one_day_entered_for_next_year_silences_core_w001():
    CalendarDayFactory(date=date(2027, 1, 1), name="元旦")
    assert calendar_covers_coming_year(databases=["default"]) == []


@time_machine.travel("2028-03-01 10:00 +0800", tick=False)
def test_core_w001_names_this_year_too_when_it_is_missing():
    warnings = calendar_covers_coming_year(databases=["default"])
    assert [w.id for w in warnings] == ["core.W001", "core.W001"]
    assert ["2028" in warnings[0].msg, "2029" in warnings[1].msg] == [True, True]


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_core_w001_runs_with_the_database_checks_only():
    assert "core.W001" in {
        m.id for m in run_checks(databases=["default"], tags=["database"])
    }
    assert "core.W001" not in {m.id for m in run_checks()}


def test_years_missing_lists_only_years_without_any_day():
    assert calendar_years_missing([2026, 2027]) == [2027]


def test_a_makeup_working_day_on_a_weekday_is_refused():
    day = CalendarDay(date=date(2027, 3, 3), kind="makeup_workday", name="春节")
    with pytest.raises(ValidationError) as refused:
        day.full_clean()
    assert "kind" in refused.value.message_dict


def test_overlapping_office_hours_are_refused():
    with pytest.raises(ValidationError):
        OfficeHours(start=time(11, 0), end=time(14, 0)).full_clean()
    OfficeHours(start=time(12, 0), end=time(13, 30)).full_clean()


def test_office_hours_that_close_before_they_open_are_refused_by_the_database():
    with pytest.raises(IntegrityError):
        OfficeHours.objects.create(start=time(17, 0), end=time(9, 0))
