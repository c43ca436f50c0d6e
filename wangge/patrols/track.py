"""Pure rules about a patrol's track: where a point may lie, and how far a track runs.

No ORM here: the services give the cell's outline box and the patrol's times.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# How far outside the cell's outline box a point may lie: a walk crosses the street
# to the next cell, and a phone's fix drifts; a point farther out is a wrong fix.
MARGIN_METRES = 2000
# How much a fix may be off (metres): worse than this is no position at all.
MAX_ACCURACY_METRES = 5000
# How far from the patrol's times a point's time may lie (a phone's clock drifts).
CLOCK_SLACK = timedelta(minutes=5)
# Points in one request: a phone that was offline for hours sends them in batches.
MAX_POINTS_PER_BATCH = 1000
EARTH_RADIUS_METRES = 6_371_000
METRES_PER_DEGREE = 111_320


@dataclass(frozen=True)
class Box:
    """A lon/lat box: where the points of a patrol may lie."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, bounds: Sequence[float], margin_m: float = MARGIN_METRES) -> Box:
        """The box `bounds` (west, south, east, north) grown by `margin_m` on each side."""
        west, south, east, north = bounds
        dlat = margin_m / METRES_PER_DEGREE
        middle = math.radians((south + north) / 2)
        dlon = margin_m / (METRES_PER_DEGREE * max(math.cos(middle), 0.01))
        return cls(west - dlon, south - dlat, east + dlon, north + dlat)

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def point_problems(
    *,
    lon: float,
    lat: float,
    accuracy: float | None,
    recorded_at: datetime,
    box: Box,
    started_at: datetime,
    now: datetime,
) -> dict[str, str]:
    """What is wrong with one point, by field name ('lon', 'accuracy', 'recorded_at')."""
    problems: dict[str, str] = {}
    if not (math.isfinite(lon) and math.isfinite(lat)):
        problems["lon"] = "not_a_number"
    elif not box.holds(lon, lat):
        problems["lon"] = "far_from_cell"
    if accuracy is not None and not (
        math.isfinite(accuracy) and 0 <= accuracy <= MAX_ACCURACY_METRES
    ):
        problems["accuracy"] = "accuracy"
    if recorded_at < started_at - CLOCK_SLACK or recorded_at > now + CLOCK_SLACK:
        problems["recorded_at"] = "time"
    return problems


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def track_length(points: Iterable[tuple[float, float]]) -> float:
    """The length in metres of a track given as (lon, lat) pairs in time order."""
    total, last = 0.0, None
    for point in points:
        if last is not None:
            total += metres(*last, *point)
        last = point
    return total
