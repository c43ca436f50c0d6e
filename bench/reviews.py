"""The special-review detectors over a city's nine weeks of cases, as plain data.

usage: python bench/reviews.py [N]   (default 200,000 cases: nine weeks of a city that
takes about a million a year). Prints the seconds each detector takes; no database.
"""

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wangge.reviews import detection  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
NOW = datetime(2026, 12, 2, tzinfo=UTC)
AREAS = [f"4101{i:02d}" for i in range(12)]
CATEGORIES = [f"E{i:02d}{j:02d}" for i in range(1, 8) for j in range(1, 13)]


def facts(n: int, rng: random.Random) -> list[detection.CaseFact]:
    out = []
    for i in range(n):
        area = rng.choice(AREAS)
        cell = f"{area}{rng.randrange(400):06d}"
        reported = NOW - timedelta(seconds=rng.uniform(0, 9 * 7 * 86400))
        closed = reported + timedelta(days=rng.uniform(0.5, 10))
        out.append(
            detection.CaseFact(
                id=i,
                category=rng.choice(CATEGORIES),
                area=area,
                cell=cell,
                lon=113.6 + rng.uniform(-0.3, 0.3),
                lat=34.7 + rng.uniform(-0.3, 0.3),
                reported_at=reported,
                closed_at=closed if closed < NOW else None,
                escalated_to_city=rng.random() < 0.01,
            )
        )
    return out


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    print(f"{label:<16} {time.perf_counter() - started:7.2f} s  ({len(result)} found)")
    return result


def main() -> None:
    data = facts(N, random.Random(2012))
    print(f"{N:,} cases, {len(AREAS)} areas × {len(CATEGORIES)} categories, 9 weeks")
    series = timed(
        "weekly series",
        lambda: detection.weekly_series(
            ((f.area, f.category, f.reported_at) for f in data), end=NOW, weeks=9
        ),
    )
    timed("spikes", lambda: detection.spikes(series))
    timed("many reporters", lambda: detection.many_reporters(data))
    timed("escalations", lambda: detection.escalations(data))
    timed("recurrences", lambda: detection.recurrences(data))


if __name__ == "__main__":
    main()
