"""The detectors, without the database: hand-checked statistics and planted spikes."""

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from wangge.reviews import detection
from wangge.reviews.detection import CaseFact

SEED = 2012
AREAS = [f"4101{i:02d}" for i in range(30)]
CATEGORIES = [f"E0{i}01" for i in range(10)]
WEEKS = detection.BASELINE_WEEKS + 1
NOW = datetime(2026, 11, 30, tzinfo=UTC)


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's Poisson sampler: enough for the small means of weekly counts."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _city(rng: random.Random, planted_share: float):
    """Weekly series for every area × category with rates from 0.2 to 10 a week; a share
    of them gets a spike planted in its last week: 3× the rate plus 6 more cases."""
    series, planted = {}, set()
    for area in AREAS:
        for category in CATEGORIES:
            rate = rng.uniform(0.2, 10)
            counts = [_poisson(rng, rate) for _ in range(WEEKS)]
            if rng.random() < planted_share:
                counts[-1] += _poisson(rng, 2 * rate + 6)
                planted.add((area, category))
            series[(area, category)] = counts
    return series, planted


def test_poisson_tail_matches_hand_computed_values():
    # P(X ≥ 1 | 2) = 1 − e^−2; P(X ≥ 3 | 1) = 1 − e^−1 (1 + 1 + 1/2).
    assert detection.poisson_sf(1, 2) == pytest.approx(1 - math.exp(-2))
    assert detection.poisson_sf(3, 1) == pytest.approx(1 - math.exp(-1) * 2.5)
    assert detection.poisson_sf(0, 5) == 1.0


def test_a_week_like_its_baseline_is_no_spike():
    spiking, baseline, _ = detection.spike_test([4, 5, 3, 4, 6, 4, 5, 4], 6)
    assert not spiking
    assert baseline == pytest.approx(35.5 / 8)


def test_a_week_far_above_its_baseline_is_a_spike():
    spiking, _, p_value = detection.spike_test([1, 0, 2, 1, 0, 1, 1, 0], 9)
    assert spiking
    assert p_value < 1e-4


def test_a_few_cases_where_there_were_none_are_not_yet_a_spike():
    assert not detection.spike_test([0] * 8, 3)[0]


def test_detector_finds_planted_spikes_with_high_precision_and_recall():
    rng = random.Random(SEED)
    found, planted = set(), set()
    for trial in range(5):
        series, truth = _city(rng, planted_share=0.08)
        found |= {(trial, s.area, s.category) for s in detection.spikes(series)}
        planted |= {(trial, *key) for key in truth}
    precision, recall = detection.precision_recall(found, planted)
    print(
        f"spike detector: {len(planted)} planted, {len(found)} found, "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert len(planted) > 100
    assert precision >= 0.9
    assert recall >= 0.9


def test_detector_stays_quiet_without_spikes():
    rng = random.Random(SEED + 1)
    alarms = 0
    for _ in range(5):
        series, truth = _city(rng, planted_share=0)
        assert not truth
        alarms += len(detection.spikes(series))
    # 1,500 quiet series: at most a handful of false alarms (α = 0.001 per series).
    print(f"spike detector without spikes: {alarms} alarms in 1500 series")
    assert alarms <= 5


def test_weekly_series_counts_each_event_in_its_week():
    events = [
        ("A", "c", NOW - timedelta(days=1)),
        ("A", "c", NOW - timedelta(days=2)),
        ("A", "c", NOW - timedelta(days=8)),
        ("A", "c", NOW - timedelta(days=100)),  # before the window
    ]
    assert detection.weekly_series(events, end=NOW, weeks=3) == {("A", "c"): [0, 1, 2]}


def _fact(id, *, lon=113.6, lat=34.7, cell="c1", days=0, **extra):
    return CaseFact(
        id=id,
        category=extra.pop("category", "E0101"),
        area="410102",
        cell=cell,
        lon=lon,
        lat=lat,
        reported_at=NOW - timedelta(days=days),
        **extra,
    )


def test_many_reports_merged_into_one_case_are_one_candidate():
    facts = [_fact(1)] + [_fact(i, merged_into=1) for i in range(2, 6)]
    groups = detection.many_reporters(facts, min_reports=5)
    assert [g.case_ids for g in groups] == [(1, 2, 3, 4, 5)]


def test_reports_near_one_point_cluster_and_far_ones_do_not():
    near = [_fact(i, lon=113.6 + i * 0.0002) for i in range(1, 6)]
    far = [_fact(10, lon=113.7), _fact(11, lon=113.8)]
    groups = detection.many_reporters(near + far, min_reports=5, radius=200)
    assert [g.case_ids for g in groups] == [(1, 2, 3, 4, 5)]


def test_repeated_escalations_to_the_city_are_a_candidate():
    facts = [_fact(i, escalated_to_city=i < 4) for i in range(1, 7)]
    assert [g.case_ids for g in detection.escalations(facts, min_cases=3)] == [
        (1, 2, 3)
    ]


def test_a_problem_back_at_the_same_cell_after_closure_recurs():
    facts = [
        _fact(1, days=60, closed_at=NOW - timedelta(days=55)),
        _fact(2, days=50, closed_at=NOW - timedelta(days=45)),
        _fact(3, days=30),
        _fact(4, cell="c2", days=30),
    ]
    groups = detection.recurrences(facts, min_cases=3, within_days=30)
    assert [(g.place, g.case_ids) for g in groups] == [("c1", (1, 2, 3))]


def test_reports_long_after_closure_do_not_recur():
    facts = [
        _fact(1, days=200, closed_at=NOW - timedelta(days=190)),
        _fact(2, days=100, closed_at=NOW - timedelta(days=95)),
        _fact(3, days=10),
    ]
    assert detection.recurrences(facts, min_cases=3, within_days=30) == []


def test_a_week_busier_for_every_category_is_no_spike_of_one():
    # Every category of the area doubles: the expected count doubles with it.
    series = {("A", f"c{i}"): [3] * 8 + [8] for i in range(10)}
    assert detection.spikes(series) == []
    series[("A", "c0")] = [3] * 8 + [30]
    assert [s.category for s in detection.spikes(series)] == ["c0"]


def test_volume_scale_counts_only_a_surge_beyond_chance():
    assert detection.volume_scale([4, 4, 1]) == 1.0  # quieter: never below 1
    assert detection.volume_scale([4, 4, 6]) == 1.0  # within chance
    assert detection.volume_scale([4, 4, 14]) == pytest.approx(15 / 5)


def test_reports_weeks_apart_are_not_one_problem():
    spread = [_fact(i, days=i * 10) for i in range(1, 6)]
    assert detection.many_reporters(spread, min_reports=5) == []


def test_closures_followed_by_reports_elsewhere_in_the_cell_do_not_recur():
    facts = [
        _fact(1, days=60, closed_at=NOW - timedelta(days=55)),
        _fact(2, days=50, lon=113.61, closed_at=NOW - timedelta(days=45)),
        _fact(3, days=30, lon=113.62),
    ]
    assert detection.recurrences(facts, min_cases=3, within_days=30) == []


def test_a_report_before_the_last_closure_is_no_recurrence():
    facts = [
        _fact(1, days=60, closed_at=NOW - timedelta(days=55)),
        _fact(2, days=50, closed_at=NOW - timedelta(days=20)),
        _fact(3, days=30),  # reported while case 2 was still open
    ]
    assert detection.recurrences(facts, min_cases=3, within_days=30) == []
