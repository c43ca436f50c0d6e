"""The pure track rules: where a point may lie, and how long a track is."""

from datetime import UTC, datetime, timedelta

import pytest

from wangge.patrols import track

START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
BOX = track.Box.around((113.0, 34.0, 113.1, 34.1))


def problems(**overrides):
    point = {
        "lon": 113.05,
        "lat": 34.05,
        "accuracy": 12.0,
        "recorded_at": START + timedelta(minutes=5),
        "box": BOX,
        "started_at": START,
        "now": START + timedelta(minutes=10),
    }
    point.update(overrides)
    return track.point_problems(**point)


def test_a_point_in_the_cell_is_fine():
    assert problems() == {}


def test_a_point_just_across_the_street_is_fine():
    assert problems(lon=113.1 + 0.01) == {}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"lon": 116.4}, "lon"),
        ({"lat": 39.9}, "lon"),
        ({"lon": float("nan")}, "lon"),
        ({"accuracy": -1.0}, "accuracy"),
        ({"accuracy": 50_000.0}, "accuracy"),
        ({"recorded_at": START - timedelta(hours=1)}, "recorded_at"),
        ({"recorded_at": START + timedelta(hours=1)}, "recorded_at"),
    ],
)
def test_a_wrong_point_is_named_by_its_field(overrides, field):
    assert set(problems(**overrides)) == {field}


def test_a_missing_accuracy_is_allowed():
    assert problems(accuracy=None) == {}


def test_track_length_adds_the_legs():
    # 0.01° of latitude is about 1,112 m.
    length = track.track_length([(113.0, 34.0), (113.0, 34.01), (113.0, 34.02)])
    assert length == pytest.approx(2224, rel=0.01)


def test_a_single_point_has_no_length():
    assert track.track_length([(113.0, 34.0)]) == 0
