"""The dashboard's figures and the roll-up behind them, against the ledger and the log.

A small city's week: cases in three cells of two districts, registered, dispatched,
handled (one late), escalated by the sweep, closed and rated. The roll-up kept by the
services must equal the one recomputed from the cases and events, and every figure of
every region must be what the ledger of that region lists for the same period.
"""

import io
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import translation

from wangge.cases import services
from wangge.cases.escalation import sweep_deadlines
from wangge.cases.models import Case, CaseEvent, CaseTally
from wangge.cases.models.case import OPEN_SLUGS
from wangge.cases.rollups import tally_computed, tally_rebuild, tally_stored
from wangge.cases.statistics import (
    Period,
    dashboard_figures,
    dashboard_markers,
    dashboard_region_get,
    period_parse,
)
from wangge.cases.tests.conftest import (
    CELL,
    CITY,
    COMMUNITY,
    DEPARTMENTAL,
    DISTRICT,
    SIBLING_DISTRICT,
    TOWNSHIP,
)
from wangge.cases.tests.steps import (
    act,
    closed_case,
    dispatched_to_community,
    file_case,
    local,
)
from wangge.cases.tests.test_ledger import _ledger

SIBLING_CELL = "410103001001001"
NEIGHBOUR_CELL = "410102001002001"
WEEK = Period(date(2026, 11, 30), date(2026, 12, 6))


@pytest.fixture
def week(tree, people, departments, time_machine):
    """Cases of Monday to Thursday in three cells, at every step of their lives."""
    time_machine.move_to(local(2026, 11, 30, 9, 0), tick=False)
    closed = closed_case(tree, people)
    services.case_rate(case=closed, actor=people.resident, satisfaction="satisfied")
    file_case(tree, people.resident, channel="resident", cell=SIBLING_CELL)
    time_machine.move_to(local(2026, 12, 1, 10, 0), tick=False)
    late = dispatched_to_community(tree, people)
    act(late, "accept", people.secretary)
    file_case(tree, people.community_desk, channel="hotline", category=DEPARTMENTAL)
    unregistered = file_case(tree, people.worker, channel="patrol")
    # A week later than its limit: handled late; the sweep turns the others red and
    # escalates what waited too long.
    time_machine.move_to(local(2026, 12, 2, 9, 0), tick=False)
    file_case(tree, people.resident, cell=NEIGHBOUR_CELL)
    rejected = file_case(tree, people.resident)
    act(rejected, "reject", people.community_desk, note="不属于受理范围")
    sweep_deadlines(local(2026, 12, 3, 16, 0))
    time_machine.move_to(local(2026, 12, 9, 9, 0), tick=False)
    act(late, "handle", people.secretary, note="已清理")
    # Reported after the week: outside its period.
    file_case(tree, people.resident)
    return {"late": late, "unregistered": unregistered}


def test_the_kept_roll_up_equals_the_one_recomputed_from_cases_and_events(week):
    kept = tally_stored()

    assert kept == tally_computed()
    assert kept  # the week left counts behind
    assert CaseEvent.objects.filter(action="escalate").exists()  # the sweep escalated


def test_a_rebuild_writes_the_same_rows(week):
    kept = tally_stored()

    tally_rebuild()

    assert tally_stored() == kept


def test_the_command_recounts_a_roll_up_gone_wrong(week):
    kept = tally_stored()
    CaseTally.objects.filter(dimension="state").update(total=99)

    call_command("rebuild_case_tallies", stdout=io.StringIO())

    assert tally_stored() == kept


def _ledger_figures(user, region, period: Period) -> dict:
    """The dashboard's counts, taken from the ledger's rows of the period."""
    rows = [
        r
        for r in _ledger(user, region)
        if period.start <= r["Reported at"].date() <= period.end
    ]
    open_states = {"Reported", "Registered", "Dispatched", "In progress", "Handled"}
    return {
        "reported": len(rows),
        "open": sum(r["State"] in open_states for r in rows),
        "overdue": sum(r["State"] in open_states and r["Light"] == "Red" for r in rows),
        "closed": sum(r["State"] == "Closed" for r in rows),
        "by_day": Counter(r["Reported at"].date() for r in rows),
        "by_state": Counter(r["State"] for r in rows),
        "by_category": Counter(r["Category"] for r in rows),
        "by_channel": Counter(r["Channel"] for r in rows),
        "satisfaction": Counter(r["Satisfaction"] for r in rows if r["Satisfaction"]),
        "funnel": [
            len(rows),
            *(
                sum(r[f"{step} at"] is not None for r in rows)
                for step in (
                    "Registered",
                    "Dispatched",
                    "Accepted",
                    "Handled",
                    "Closed",
                )
            ),
        ],
    }


def _as_counts(figures) -> dict:
    return {
        "reported": figures.reported,
        "open": figures.open,
        "overdue": figures.overdue,
        "closed": figures.closed,
        "by_day": Counter({day: n for day, n in figures.by_day if n}),
        "by_state": Counter({s.label: s.count for s in figures.by_state}),
        "by_category": Counter({s.label: s.count for s in figures.by_category}),
        "by_channel": Counter({s.label: s.count for s in figures.by_channel}),
        "satisfaction": Counter({s.label: s.count for s in figures.satisfaction}),
        "funnel": [s.count for s in figures.funnel],
    }


@pytest.mark.parametrize("code", [CITY, DISTRICT, TOWNSHIP, COMMUNITY, CELL])
def test_every_figure_agrees_with_the_ledger_of_the_same_region_and_period(
    week, people, tree, code
):
    region = dashboard_region_get(people.leader, code)

    with translation.override("en"):
        figures = dashboard_figures(people.leader, region, WEEK)

    assert _as_counts(figures) == _ledger_figures(people.leader, tree[code], WEEK)


def test_the_on_time_rate_counts_the_handling_stages_the_log_ended(week, people):
    region = dashboard_region_get(people.leader, CITY)

    figures = dashboard_figures(people.leader, region, WEEK)

    handled = [
        e.data["on_time"]
        for e in CaseEvent.objects.filter(data__stage="handling")
        if e.case.created_at.date() <= WEEK.end
    ]
    assert sorted(handled) == [False, True]
    assert figures.on_time_rate == 0.5
    assert figures.satisfied_rate == 1.0


def test_the_children_add_up_to_their_region(week, people):
    for code in (CITY, DISTRICT, TOWNSHIP, COMMUNITY):
        figures = dashboard_figures(
            people.leader, dashboard_region_get(people.leader, code), WEEK
        )
        assert sum(c.reported for c in figures.children) == figures.reported, code
        assert sum(c.open for c in figures.children) == figures.open, code
        assert sum(c.overdue for c in figures.children) == figures.overdue, code


def test_a_period_counts_only_the_cases_reported_in_it(week, people):
    region = dashboard_region_get(people.leader, CITY)

    monday = dashboard_figures(
        people.leader, region, Period(date(2026, 11, 30), date(2026, 11, 30))
    )

    assert monday.reported == 2
    assert monday.by_day == [(date(2026, 11, 30), 2)]


def test_the_markers_are_the_open_cases_of_the_region_in_the_period(week, people, tree):
    region = dashboard_region_get(people.leader, DISTRICT)

    markers = dashboard_markers(people.leader, region, WEEK)

    start, end = WEEK.bounds()
    expected = Case.objects.filter(
        cell_path__startswith=tree[DISTRICT].path,
        state__in=OPEN_SLUGS,
        created_at__gte=start,
        created_at__lt=end,
    )
    assert {m["number"] for m in markers} == set(
        expected.values_list("number", flat=True)
    )
    assert week["late"].number in {m["number"] for m in markers}


def test_outsider_gets_404_for_a_region_beyond_their_area(week, people):
    with pytest.raises(Http404):
        dashboard_region_get(people.outsider, DISTRICT)
    assert dashboard_region_get(people.outsider, None).code == SIBLING_DISTRICT


@pytest.mark.parametrize("who", ["resident", "city_handler"])
def test_who_does_not_see_every_case_of_an_area_has_no_dashboard(week, people, who):
    with pytest.raises(Http404):
        dashboard_region_get(getattr(people, who), None)
    with pytest.raises(Http404):
        dashboard_region_get(getattr(people, who), CITY)


def test_the_figures_take_the_same_queries_whatever_the_numbers(
    week, people, tree, django_assert_max_num_queries
):
    for code in (CITY, COMMUNITY, CELL):
        region = dashboard_region_get(people.leader, code)
        with django_assert_max_num_queries(6):
            dashboard_figures(people.leader, region, WEEK)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-13-01", None, "from"),
        ("2026-12-06", "2026-12-01", "to"),
        ("2025-01-01", "2026-12-01", "from"),
    ],
)
def test_a_bad_period_is_refused_naming_the_field(start, end, field):
    with pytest.raises(ValidationError) as refused:
        period_parse(start, end)
    assert field in refused.value.message_dict


def test_the_default_period_is_the_last_thirty_days(time_machine):
    time_machine.move_to(local(2026, 12, 3, 9, 0), tick=False)

    period = period_parse()

    assert period == Period(date(2026, 12, 3) - timedelta(days=29), date(2026, 12, 3))
