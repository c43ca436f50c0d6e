"""Deadline maths in working time, on the real 2026 calendar (no database)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from wangge.cases.sla import (
    Light,
    Limit,
    after_shelving,
    deadline_for,
    extended,
    light,
    limit_working_time,
    warning_at,
    working_time_used,
)
from wangge.core.tests.factories import SHANGHAI, at, package_calendar

CAL = package_calendar()
HOUR = timedelta(hours=1)

moments = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2027, 6, 30),
    timezones=st.just(SHANGHAI),
)
limits = st.builds(
    Limit,
    amount=st.integers(min_value=1, max_value=120),
    unit=st.sampled_from(["hours", "days"]),
)


def test_a_deadline_in_hours_skips_the_lunch_break():
    assert deadline_for(at("2026-11-30 11:00"), Limit(2, "hours"), CAL) == at(
        "2026-11-30 14:30"
    )


def test_a_deadline_past_closing_time_continues_the_next_morning():
    assert deadline_for(at("2026-11-30 16:00"), Limit(4, "hours"), CAL) == at(
        "2026-12-01 11:00"
    )


def test_a_deadline_skips_the_weekend():
    assert deadline_for(at("2026-11-27 16:30"), Limit(4, "hours"), CAL) == at(
        "2026-11-30 11:30"
    )
    assert deadline_for(at("2026-11-27 15:00"), Limit(1, "days"), CAL) == at(
        "2026-11-30 15:00"
    )


def test_a_deadline_skips_national_day_and_lands_on_the_makeup_saturday():
    # 09-30 is worked, 10-01 to 10-07 are off, 10-08 and 10-09 are worked, and so is Saturday 10-10.
    assert deadline_for(at("2026-09-30 09:00"), Limit(3, "days"), CAL) == at(
        "2026-10-10 09:00"
    )
    assert deadline_for(at("2026-10-09 16:00"), Limit(3, "hours"), CAL) == at(
        "2026-10-10 10:00"
    )
    assert deadline_for(at("2026-10-10 17:00"), Limit(1, "hours"), CAL) == at(
        "2026-10-12 09:00"
    )


def test_a_report_made_on_a_holiday_starts_its_clock_at_the_next_opening():
    assert deadline_for(at("2026-10-03 10:00"), Limit(1, "days"), CAL) == at(
        "2026-10-08 17:30"
    )


def test_a_day_of_limit_is_one_day_of_office_hours():
    assert limit_working_time(Limit(2, "days"), CAL) == 15 * HOUR
    assert limit_working_time(Limit(2, "hours"), CAL) == 2 * HOUR


@pytest.mark.parametrize(("amount", "unit"), [(0, "hours"), (-1, "days"), (1, "weeks")])
def test_a_limit_needs_a_positive_amount_and_a_known_unit(amount, unit):
    with pytest.raises(ValueError):
        Limit(amount, unit)


def test_any_object_with_amount_and_unit_serves_as_a_limit():
    @dataclass(frozen=True)
    class CatalogueLimit:
        amount: int
        unit: str

    start = at("2026-11-30 09:00")
    assert deadline_for(start, CatalogueLimit(2, "hours"), CAL) == at(
        "2026-11-30 11:00"
    )


def test_the_warning_comes_at_80_percent_of_the_working_time():
    start = at("2026-11-30 08:30")
    deadline = deadline_for(start, Limit(10, "hours"), CAL)
    assert deadline == at("2026-12-01 11:00")
    # 8 of the 10 hours: Monday's 7.5 and half an hour on Tuesday.
    assert warning_at(start, deadline, CAL) == at("2026-12-01 09:00")


def test_the_light_turns_yellow_at_the_warning_and_red_after_the_deadline():
    start, deadline = at("2026-11-30 08:30"), at("2026-12-01 11:00")
    tick = timedelta(microseconds=1)
    assert light(start, deadline, at("2026-12-01 09:00") - tick, CAL) == Light.GREEN
    assert light(start, deadline, at("2026-12-01 09:00"), CAL) == Light.YELLOW
    assert light(start, deadline, deadline, CAL) == Light.YELLOW
    assert light(start, deadline, deadline + tick, CAL) == Light.RED


def test_a_deadline_that_passed_at_closing_time_is_red_that_evening():
    start, deadline = at("2026-11-30 08:30"), at("2026-11-30 17:30")
    assert light(start, deadline, at("2026-11-30 20:00"), CAL) == Light.RED


def test_a_weekend_uses_none_of_the_limit():
    start = at("2026-11-27 16:00")
    deadline = deadline_for(start, Limit(2, "days"), CAL)
    assert deadline == at("2026-12-01 16:00")
    assert working_time_used(start, at("2026-11-29 12:00"), CAL) == 1.5 * HOUR
    assert light(start, deadline, at("2026-11-29 12:00"), CAL) == Light.GREEN


def test_an_extension_adds_working_time_to_the_deadline():
    deadline = at("2026-11-27 17:00")
    assert extended(deadline, Limit(1, "hours"), CAL) == at("2026-11-30 09:00")
    assert extended(deadline, Limit(1, "days"), CAL) == at("2026-11-30 17:00")
    assert extended(deadline, 2 * HOUR, CAL) == at("2026-11-30 10:00")


def test_an_extension_can_turn_a_yellow_case_green_again():
    start, now = at("2026-11-30 08:30"), at("2026-12-01 10:00")
    deadline = deadline_for(start, Limit(10, "hours"), CAL)
    assert light(start, deadline, now, CAL) == Light.YELLOW
    later = extended(deadline, Limit(1, "days"), CAL)
    assert light(start, later, now, CAL) == Light.GREEN


def test_time_on_the_shelf_does_not_count():
    start = at("2026-11-30 08:30")
    deadline = deadline_for(start, Limit(2, "days"), CAL)
    assert deadline == at("2026-12-01 17:30")
    # Shelved from Monday noon to Wednesday noon: 15 working hours on the shelf.
    since, until = at("2026-11-30 12:00"), at("2026-12-02 12:00")
    moved = after_shelving(deadline, since, until, CAL)
    assert moved == at("2026-12-03 17:30")
    assert moved == deadline_for(start, Limit(2, "days"), CAL, shelved=[(since, until)])
    assert working_time_used(start, until, CAL, shelved=[(since, until)]) == 3.5 * HOUR


def test_a_shelved_case_keeps_its_light_while_on_the_shelf():
    start, deadline = at("2026-11-30 08:30"), at("2026-12-01 17:30")
    since, now = at("2026-12-01 15:00"), at("2026-12-03 10:00")
    # 12.5 of 15 hours used when shelved: yellow, and still yellow two days later.
    assert light(start, deadline, since, CAL) == Light.YELLOW
    assert light(start, deadline, now, CAL, shelved=[(since, None)]) == Light.YELLOW
    assert light(start, deadline, now, CAL) == Light.RED


def test_a_case_back_from_the_shelf_keeps_its_light_consistent_with_the_moved_deadline():
    start, deadline = at("2026-11-30 08:30"), at("2026-12-01 17:30")
    since, until = at("2026-12-01 15:00"), at("2026-12-03 08:30")
    moved = after_shelving(deadline, since, until, CAL)
    assert moved == at("2026-12-03 11:00")
    shelved = [(since, until)]
    assert (
        light(start, moved, at("2026-12-03 10:59"), CAL, shelved=shelved)
        == Light.YELLOW
    )
    assert (
        light(start, moved, at("2026-12-03 11:01"), CAL, shelved=shelved) == Light.RED
    )


def test_a_case_still_on_the_shelf_has_no_deadline_yet():
    start = at("2026-11-30 08:30")
    with pytest.raises(ValueError, match="shelf"):
        deadline_for(
            start, Limit(1, "days"), CAL, shelved=[(at("2026-11-30 09:00"), None)]
        )
    assert working_time_used(
        start, at("2026-12-04 12:00"), CAL, shelved=[(start, None)]
    ) == (timedelta())


def test_shelving_an_overdue_case_does_not_move_its_deadline():
    deadline = at("2026-11-30 17:30")
    moved = after_shelving(
        deadline, at("2026-12-01 09:00"), at("2026-12-03 09:00"), CAL
    )
    assert moved == deadline


def test_the_warning_instant_skips_time_on_the_shelf():
    start = at("2026-11-30 08:30")
    shelved = [(at("2026-11-30 08:30"), at("2026-12-01 08:30"))]
    deadline = deadline_for(start, Limit(10, "hours"), CAL, shelved=shelved)
    assert deadline == at("2026-12-02 11:00")
    assert warning_at(start, deadline, CAL, shelved=shelved) == at("2026-12-02 09:00")


@given(start=moments, a=limits, b=limits)
def test_a_longer_limit_never_gives_an_earlier_deadline(start, a, b):
    if limit_working_time(a, CAL) > limit_working_time(b, CAL):
        a, b = b, a
    assert deadline_for(start, a, CAL) <= deadline_for(start, b, CAL)


@given(start=moments, limit=limits)
def test_a_deadline_never_falls_outside_office_hours(start, limit):
    assert CAL.is_office_time(deadline_for(start, limit, CAL))


@given(start=moments, limit=limits, now=moments)
def test_the_light_agrees_with_the_stored_warning_and_deadline(start, limit, now):
    deadline = deadline_for(start, limit, CAL)
    warning = warning_at(start, deadline, CAL)
    expected = (
        Light.RED if now > deadline else Light.YELLOW if now >= warning else Light.GREEN
    )
    assert start <= warning <= deadline
    assert light(start, deadline, now, CAL) == expected


@given(
    start=moments,
    limit=limits,
    offset=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    length=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
)
def test_moving_a_deadline_after_shelving_equals_counting_without_the_shelf(
    start, limit, offset, length
):
    since = start + offset
    until = since + length
    assume(until.year < 2028)
    deadline = deadline_for(start, limit, CAL)
    assert after_shelving(deadline, since, until, CAL) == deadline_for(
        start, limit, CAL, shelved=[(since, until)]
    )
