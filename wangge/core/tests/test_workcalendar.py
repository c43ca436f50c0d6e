"""The pure WorkingCalendar: working days, office hours and time arithmetic (no database)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wangge.core.calendar.working import WorkingCalendar
from wangge.core.tests.factories import SHANGHAI, at, package_calendar

CAL = package_calendar()
HOUR = timedelta(hours=1)

moments = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2027, 12, 31),
    timezones=st.just(SHANGHAI),
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20))


def test_national_day_2026_is_a_holiday():
    assert not CAL.is_workday(date(2026, 10, 1))


def test_saturday_2026_10_10_is_a_makeup_working_day():
    assert date(2026, 10, 10).weekday() == 5
    assert CAL.is_workday(date(2026, 10, 10))


def test_an_ordinary_weekend_is_off_and_an_ordinary_weekday_is_worked():
    assert not CAL.is_workday(date(2026, 11, 28))
    assert CAL.is_workday(date(2026, 11, 30))


def test_a_year_without_data_follows_the_weekday_rule():
    # chinese-calendar stops at 2026; 2027's National Day is simply a Friday here.
    assert CAL.is_workday(date(2027, 10, 1))
    assert not CAL.is_workday(date(2027, 10, 2))
    assert CAL.add_working_time(at("2027-10-01 17:00"), HOUR) == at("2027-10-04 09:00")


def test_working_time_adds_within_a_period():
    assert CAL.add_working_time(at("2026-11-30 09:00"), HOUR) == at("2026-11-30 10:00")


def test_working_time_skips_the_lunch_break():
    assert CAL.add_working_time(at("2026-11-30 11:00"), 2 * HOUR) == at(
        "2026-11-30 14:30"
    )


def test_working_time_past_closing_continues_next_working_morning():
    assert CAL.add_working_time(at("2026-12-01 17:00"), HOUR) == at("2026-12-02 09:00")


def test_working_time_that_exactly_fills_a_period_ends_at_its_close():
    assert CAL.add_working_time(at("2026-11-30 10:00"), 2 * HOUR) == at(
        "2026-11-30 12:00"
    )
    assert CAL.add_working_time(at("2026-11-30 16:30"), HOUR) == at("2026-11-30 17:30")


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-11-30 07:00", "2026-11-30 09:30"),  # before opening
        ("2026-11-30 12:30", "2026-11-30 14:30"),  # during lunch
        ("2026-11-30 20:00", "2026-12-01 09:30"),  # in the evening
        ("2026-11-28 10:00", "2026-11-30 09:30"),  # on a Saturday
    ],
)
def test_time_outside_office_hours_counts_from_the_next_opening(start, expected):
    assert CAL.add_working_time(at(start), HOUR) == at(expected)


def test_working_time_skips_the_weekend():
    assert CAL.add_working_time(at("2026-11-27 16:30"), 2 * HOUR) == at(
        "2026-11-30 09:30"
    )


def test_working_time_skips_national_day_and_uses_the_makeup_saturday():
    assert CAL.add_working_time(at("2026-09-30 17:00"), HOUR) == at("2026-10-08 09:00")
    assert CAL.add_working_time(at("2026-10-09 17:00"), HOUR) == at("2026-10-10 09:00")


def test_working_days_keep_the_time_of_day():
    assert CAL.add_working_days(at("2026-11-27 10:00"), 1) == at("2026-11-30 10:00")
    # 09-30, then 10-08, 10-09 and the make-up Saturday 10-10.
    assert CAL.add_working_days(at("2026-09-30 10:00"), 3) == at("2026-10-10 10:00")


def test_working_days_from_a_day_off_end_at_closing():
    assert CAL.add_working_days(at("2026-11-28 10:00"), 1) == at("2026-11-30 17:30")


def test_a_working_day_is_seven_and_a_half_hours_by_default():
    assert CAL.day_length == timedelta(hours=7, minutes=30)


def test_working_time_between_counts_only_office_hours():
    assert (
        CAL.working_time_between(at("2026-11-30 08:00"), at("2026-11-30 18:00"))
        == 7.5 * HOUR
    )
    assert (
        CAL.working_time_between(at("2026-11-30 11:00"), at("2026-11-30 14:00"))
        == 1.5 * HOUR
    )
    assert (
        CAL.working_time_between(at("2026-11-27 17:00"), at("2026-11-30 09:00")) == HOUR
    )


def test_working_time_between_spans_national_day_week():
    # 09-30, 10-08, 10-09 and 10-10: four working days.
    between = CAL.working_time_between(at("2026-09-30 08:30"), at("2026-10-10 17:30"))
    assert between == 4 * CAL.day_length


def test_working_time_between_is_negative_backwards():
    a, b = at("2026-11-30 09:00"), at("2026-11-30 11:00")
    assert CAL.working_time_between(b, a) == -2 * HOUR


def test_instants_in_other_zones_are_read_as_the_same_moment():
    # 00:30 UTC is 08:30 in Shanghai.
    start = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)
    assert CAL.add_working_time(start, HOUR) == at("2026-11-30 09:30")
    assert CAL.add_working_time(start, HOUR).tzinfo is SHANGHAI


def test_office_time_includes_period_ends_and_excludes_lunch_and_days_off():
    assert CAL.is_office_time(at("2026-11-30 08:30"))
    assert CAL.is_office_time(at("2026-11-30 17:30"))
    assert not CAL.is_office_time(at("2026-11-30 12:30"))
    assert not CAL.is_office_time(at("2026-10-01 10:00"))


def test_other_office_hours_change_the_arithmetic():
    summer = package_calendar(
        periods=((time(8, 30), time(12, 0)), (time(15, 0), time(18, 0)))
    )
    assert summer.day_length == timedelta(hours=6, minutes=30)
    assert summer.add_working_time(at("2026-07-01 11:00"), 2 * HOUR) == at(
        "2026-07-01 16:00"
    )


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.add_working_time(datetime(2026, 11, 30, 9), HOUR)


def test_negative_durations_are_refused():
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_time(at("2026-11-30 09:00"), -HOUR)


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ([], "at least one"),
        ([(time(12), time(8))], "end after"),
        ([(time(8), time(12)), (time(11), time(14))], "overlap"),
    ],
)
def test_bad_office_periods_are_refused(periods, message):
    with pytest.raises(ValueError, match=message):
        WorkingCalendar([], [], periods, SHANGHAI)


def test_a_date_cannot_be_both_holiday_and_working_day():
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(
            [date(2026, 1, 1)], [date(2026, 1, 1)], [(time(9), time(17))], SHANGHAI
        )


@given(start=moments, delta=durations)
def test_working_time_between_undoes_add_working_time(start, delta):
    end = CAL.add_working_time(start, delta)
    assert end >= start
    assert CAL.working_time_between(start, end) == delta


@given(start=moments, delta=durations.filter(bool))
def test_added_working_time_always_ends_in_office_hours(start, delta):
    assert CAL.is_office_time(CAL.add_working_time(start, delta))


@given(a=moments, b=moments, c=moments)
def test_working_time_between_adds_up_over_consecutive_spans(a, b, c):
    a, b, c = sorted([a, b, c])
    assert CAL.working_time_between(a, c) == CAL.working_time_between(
        a, b
    ) + CAL.working_time_between(b, c)


def _walked_addition(calendar, start, delta):
    """Office time added by walking the periods day by day: what the index must agree with."""
    cursor = start.astimezone(UTC)
    if not delta:
        return cursor
    day = cursor.astimezone(calendar.tz).date()
    while True:
        for opens, closes in calendar._office_periods_on(day):
            if closes <= cursor:
                continue
            opens = max(opens, cursor)
            if delta <= closes - opens:
                return opens + delta
            delta -= closes - opens
        day += timedelta(days=1)


@given(start=moments, delta=durations)
def test_indexed_addition_agrees_with_walking_the_days(start, delta):
    calendar = package_calendar()
    assert calendar.add_working_time(start, delta) == _walked_addition(
        calendar, start, delta
    )


def test_arithmetic_across_years_grows_the_index_both_ways():
    calendar = package_calendar()
    first = at("2026-12-31 17:00")
    # Two and a half working days from New Year's Eve 2026 end in 2027.
    end = calendar.add_working_time(first, calendar.day_length * 2 + HOUR * 4)
    assert end == _walked_addition(calendar, first, calendar.day_length * 2 + HOUR * 4)
    assert end.year == 2027
    earlier = at("2024-12-31 09:00")
    span = calendar.working_time_between(earlier, end)
    assert calendar.add_working_time(earlier, span) == end
