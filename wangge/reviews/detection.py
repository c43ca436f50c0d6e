"""Finding major problems in the record: pure functions over plain data, no ORM.

Four signals, each a simple statistic a reviewer can check by hand:

- **spike**: a category's count in an area this week against its own trailing baseline.
  Under "nothing changed" the week's count is Poisson with the baseline's mean, scaled up
  when the area's other categories are busier this week too (a surge of every kind of
  report is not one category's spike); the week is a spike when that is very unlikely
  (upper-tail p below `alpha`), the count is at least `min_count` and at least
  `min_ratio` times the expected count. The baseline's mean is smoothed by half a case
  (so an area that never had the category still needs several);
- **many reporters**: one problem reported by many (a case with many reports merged into
  it, or many reports of one category within a radius in a window);
- **escalations**: cases of one category in one area pushed up to the city again and again;
- **recurrence**: the same category coming back at the same cell after closure.

`selectors.candidates_for` gathers the inputs from the caller's jurisdiction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# The spike test's defaults: 8 weeks of baseline, a one-in-a-thousand tail.
BASELINE_WEEKS = 8
ALPHA = 0.001
MIN_COUNT = 5
MIN_RATIO = 2.0
PRIOR_CASES = 0.5
# An area's overall surge that week counts when it is this unlikely by chance.
SURGE_ALPHA = 0.01


@dataclass(frozen=True)
class Spike:
    """A category spiking in an area in the last week of its series."""

    area: str
    category: str
    count: int
    baseline: float
    p_value: float


@dataclass(frozen=True)
class CaseFact:
    """What the detectors read of one case."""

    id: int
    category: str
    area: str  # the district (or township) it lies in
    cell: str
    lon: float
    lat: float
    reported_at: datetime
    merged_into: int | None = None
    closed_at: datetime | None = None
    escalated_to_city: bool = False


@dataclass(frozen=True)
class Group:
    """Cases that together make one candidate: what they share and which they are."""

    kind: str
    area: str
    category: str
    case_ids: tuple[int, ...] = field(default_factory=tuple)
    place: str = ""

    @property
    def size(self) -> int:
        return len(self.case_ids)


def poisson_sf(k: int, mean: float) -> float:
    """P(X ≥ k) for X ~ Poisson(mean), summed in log space so large means do not overflow."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    log_mean = math.log(mean)
    below = sum(math.exp(i * log_mean - mean - math.lgamma(i + 1)) for i in range(k))
    return max(0.0, 1.0 - below)


def spike_test(
    history: Sequence[int],
    current: int,
    *,
    scale: float = 1.0,
    alpha: float = ALPHA,
    min_count: int = MIN_COUNT,
    min_ratio: float = MIN_RATIO,
) -> tuple[bool, float, float]:
    """(is a spike, expected count, p-value) of `current` against the weekly `history`.

    `scale` multiplies the baseline by how much busier the area is this week overall.
    """
    weeks = max(len(history), 1)
    expected = (sum(history) + PRIOR_CASES) / weeks * scale
    p_value = poisson_sf(current, expected)
    spiking = (
        current >= min_count and current >= min_ratio * expected and p_value < alpha
    )
    return spiking, expected, p_value


def volume_scale(others: Sequence[int]) -> float:
    """How much busier an area's other categories (their weekly total, current week last)
    are this week than in their baseline weeks, when that surge is itself beyond chance
    (p < `SURGE_ALPHA`), else 1: a surge of every kind of report is not one category's
    spike, and noise should not hide one."""
    history = others[:-1]
    if not history:
        return 1.0
    baseline = sum(history) / len(history)
    if poisson_sf(others[-1], baseline + PRIOR_CASES) >= SURGE_ALPHA:
        return 1.0
    return max(1.0, (others[-1] + 1) / (baseline + 1))


def spikes(
    series: dict[tuple[str, str], Sequence[int]],
    *,
    baseline_weeks: int = BASELINE_WEEKS,
    **test_options,
) -> list[Spike]:
    """The (area, category) series whose last week spikes against the weeks before it,
    adjusted for the area's overall volume that week.

    Each series is weekly counts, oldest first, the current week last. Two passes: the
    first tests each series on its own; the second measures the area's volume on the
    categories the first did not flag (so two spikes in one area do not hide each
    other) and tests again against the scaled baseline.
    """
    window = baseline_weeks + 1
    tails = {key: list(counts[-window:]) for key, counts in series.items() if counts}
    first = {
        key
        for key, own in tails.items()
        if spike_test(own[:-1], own[-1], **test_options)[0]
    }
    # Each area's weekly total over its unflagged categories, aligned on the current week.
    quiet: dict[str, list[int]] = defaultdict(lambda: [0] * window)
    for key, own in tails.items():
        if key not in first:
            for back, n in enumerate(reversed(own), start=1):
                quiet[key[0]][-back] += n
    found = []
    for (area, category), own in tails.items():
        area_counts = list(quiet[area][-len(own) :])
        if (area, category) not in first:
            area_counts = [a - o for a, o in zip(area_counts, own, strict=True)]
        scale = volume_scale(area_counts)
        spiking, expected, p_value = spike_test(
            own[:-1], own[-1], scale=scale, **test_options
        )
        if spiking:
            found.append(Spike(area, category, own[-1], round(expected, 2), p_value))
    return sorted(found, key=lambda s: (s.p_value, s.area, s.category))


def weekly_series(
    events: Iterable[tuple[str, str, datetime]], *, end: datetime, weeks: int
) -> dict[tuple[str, str], list[int]]:
    """Count (area, category, instant) events into `weeks` weeks ending at `end`."""
    start = end - timedelta(weeks=weeks)
    series: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * weeks)
    for area, category, at in events:
        if start <= at < end:
            index = int((at - start) / timedelta(weeks=1))
            series[(area, category)][min(index, weeks - 1)] += 1
    return dict(series)


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def many_reporters(
    facts: Sequence[CaseFact],
    *,
    min_reports: int = 5,
    radius: float = 100.0,
    within_days: int = 7,
) -> list[Group]:
    """Problems many people reported: a case with its merged duplicates, or reports of one
    category within `radius` metres and `within_days` days of the earliest (greedy)."""
    groups: list[Group] = []
    merged: dict[int, list[int]] = defaultdict(list)
    by_id = {f.id: f for f in facts}
    for f in facts:
        if f.merged_into is not None:
            merged[f.merged_into].append(f.id)
    taken: set[int] = set()
    for target, reports in sorted(merged.items()):
        if target in by_id and len(reports) + 1 >= min_reports:
            ids = tuple(sorted([target, *reports]))
            taken.update(ids)
            head = by_id[target]
            groups.append(
                Group("many_reporters", head.area, head.category, ids, head.cell)
            )
    by_category: dict[tuple[str, str], list[CaseFact]] = defaultdict(list)
    for f in sorted(facts, key=lambda f: (f.reported_at, f.id)):
        if f.id not in taken and f.merged_into is None:
            by_category[(f.area, f.category)].append(f)
    window = timedelta(days=within_days)
    degrees = radius / 111_320  # a latitude band first: cheaper than the distance
    for (area, category), items in sorted(by_category.items()):
        used: set[int] = set()
        for i, head in enumerate(items):
            if head.id in used:
                continue
            near = []
            for f in items[i + 1 :]:
                if f.reported_at - head.reported_at > window:
                    break  # sorted by time: nothing later is within the window
                if (
                    f.id not in used
                    and abs(f.lat - head.lat) <= degrees
                    and metres(head.lon, head.lat, f.lon, f.lat) <= radius
                ):
                    near.append(f)
            if len(near) + 1 >= min_reports:
                ids = tuple(sorted([head.id, *(f.id for f in near)]))
                used.update(ids)
                groups.append(Group("many_reporters", area, category, ids, head.cell))
    return groups


def escalations(facts: Sequence[CaseFact], *, min_cases: int = 3) -> list[Group]:
    """Areas whose cases of one category keep being escalated to the city."""
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    for f in facts:
        if f.escalated_to_city:
            grouped[(f.area, f.category)].append(f.id)
    return [
        Group("escalations", area, category, tuple(sorted(ids)))
        for (area, category), ids in sorted(grouped.items())
        if len(ids) >= min_cases
    ]


def recurrences(
    facts: Sequence[CaseFact],
    *,
    min_cases: int = 3,
    within_days: int = 30,
    radius: float = 100.0,
) -> list[Group]:
    """Places where one category was reported again within `within_days` of a closure and
    `radius` metres of it, at least `min_cases` cases in the chain (closed, back, closed,
    back…) in one cell."""
    by_place: dict[tuple[str, str], list[CaseFact]] = defaultdict(list)
    for f in facts:
        if f.merged_into is None:
            by_place[(f.cell, f.category)].append(f)
    groups = []
    window = timedelta(days=within_days)
    for (cell, category), items in sorted(by_place.items()):
        items.sort(key=lambda f: (f.reported_at, f.id))
        chain = [items[0]]
        for f in items[1:]:
            last = chain[-1]
            if (
                last.closed_at is not None
                and timedelta(0) <= f.reported_at - last.closed_at <= window
                and metres(last.lon, last.lat, f.lon, f.lat) <= radius
            ):
                chain.append(f)
            elif len(chain) < min_cases:
                chain = [f]
        if len(chain) >= min_cases:
            groups.append(
                Group(
                    "recurrence",
                    chain[0].area,
                    category,
                    tuple(sorted(f.id for f in chain)),
                    cell,
                )
            )
    return groups


def precision_recall(found: set, planted: set) -> tuple[float, float]:
    """Precision and recall of what a detector found against what was planted."""
    hits = len(found & planted)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(planted) if planted else 1.0
    return precision, recall
