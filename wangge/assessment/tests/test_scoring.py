"""Scoring against hand-computed examples (pure: no database)."""

import pytest

from wangge.assessment import scoring

DEPARTMENT = scoring.Rule(
    weights={
        "registered": 10,
        "closed": 30,
        "handled_on_time_rate": 30,
        "rework_rate": 30,
    }
)


def counts(**values):
    return scoring.empty_counts() | values


def test_rates_divide_by_the_standard_denominators():
    c = counts(
        reported=10,
        registered=8,
        dispatched=6,
        handled=5,
        handled_on_time=3,
        closed=4,
        closed_on_time=2,
        reworked=2,
        public_registered=6,
        satisfied=3,
        unsatisfied=1,
        solved_in_grid=1,
    )
    rates = scoring.rates_of(c)
    assert rates["registration_rate"] == 0.8
    assert rates["handling_rate"] == 5 / 6
    assert rates["handled_on_time_rate"] == 0.5
    assert rates["closing_rate"] == 0.5
    assert rates["closed_on_time_rate"] == 0.25
    assert rates["rework_rate"] == 0.25
    assert rates["public_report_rate"] == 0.75
    assert rates["satisfaction_rate"] == 0.75
    assert rates["in_grid_rate"] == 0.25


def test_a_rate_without_a_denominator_is_not_applicable():
    assert scoring.rates_of(counts())["closing_rate"] is None


def test_department_score_by_hand():
    # registered 8 of a peak 10 → 80; closed 4 of a peak 8 → 50; on time 3/6 → 50;
    # rework 2/8 → 75. 0.1·80 + 0.3·50 + 0.3·50 + 0.3·75 = 60.5
    c = counts(registered=8, closed=4, dispatched=6, handled_on_time=3, reworked=2)
    score = scoring.composite(c, DEPARTMENT, {"registered": 10, "closed": 8})
    assert score.weighted == 60.5
    assert score.total == 60.5
    assert scoring.mark(score.total, DEPARTMENT) == scoring.RED


def test_charges_come_off_after_weighting():
    # all rates perfect: 100; one recurrence, one reopening, one unsatisfied: −3
    c = counts(
        registered=4,
        closed=4,
        dispatched=4,
        handled_on_time=4,
        recurred=1,
        reopened=1,
        unsatisfied=1,
    )
    score = scoring.composite(c, DEPARTMENT, {"registered": 4, "closed": 4})
    assert (score.weighted, score.charged, score.total) == (100.0, 3, 97.0)
    assert scoring.mark(score.total, DEPARTMENT) == scoring.GREEN


def test_weights_rescale_over_the_components_that_apply():
    # nothing dispatched: the on-time rate drops out; 10·100 + 30·100 + 30·100 over 70
    c = counts(registered=2, closed=2)
    score = scoring.composite(c, DEPARTMENT, {"registered": 2, "closed": 2})
    assert score.points["handled_on_time_rate"] is None
    assert score.weighted == 100.0


def test_no_applicable_component_gives_no_score_and_no_mark():
    score = scoring.composite(counts(), DEPARTMENT, {})
    assert score.total is None
    assert scoring.mark(score.total, DEPARTMENT) == ""


def test_score_never_goes_below_zero():
    c = counts(registered=1, closed=0, dispatched=1, reopened=500)
    assert scoring.composite(c, DEPARTMENT, {"registered": 1, "closed": 1}).total == 0.0


@pytest.mark.parametrize(
    ("total", "expected"),
    [(85, "green"), (84.99, "yellow"), (70, "yellow"), (69.9, "red")],
)
def test_marks_at_their_thresholds(total, expected):
    assert scoring.mark(total, DEPARTMENT) == expected


def test_ranks_share_ties_and_skip():
    assert scoring.ranks({"a": 90, "b": 80, "c": 90, "d": None, "e": 70}) == {
        "a": 1,
        "b": 3,
        "c": 1,
        "d": None,
        "e": 4,
    }


def test_peaks_are_the_largest_count_of_peers():
    rows = [counts(registered=3, closed=1), counts(registered=7, closed=5)]
    assert scoring.peaks_of(rows, DEPARTMENT) == {"registered": 7, "closed": 5}
