"""Benchmark of the locate index: build time and µs per lookup at 4,300 and 100,000 cells.

Standalone: no database and no Django set-up. It builds synthetic cells in memory (a
Voronoi tiling of random seeds inside a box the size of Zhengzhou, clipped to it) and
times `wangge.regions.locate.CellIndex`, the very class the application uses, against a
baseline in the same process: a full scan of every prepared cell polygon per point.

    .venv/bin/python bench/locate.py [--cells 4300 100000] [--check]

`--check` exits 1 when a target is missed (≤ 20 µs single, ≤ 5 µs bulk per point,
build ≤ 1 s, at every size).
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wangge.regions.locate import CellIndex  # noqa: E402

BOX = (112.7, 34.2, 114.2, 34.95)  # lon/lat box of about Zhengzhou's size
TARGET_SINGLE_US = 20.0
TARGET_BULK_US = 5.0
TARGET_BUILD_S = 1.0


def synthetic_cells(count: int, seed: int = 2012) -> tuple[list[str], np.ndarray]:
    """`count` cells tiling BOX, with 15-digit codes given in shuffled order."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = BOX
    box = shapely.box(*BOX)
    seeds = shapely.points(rng.uniform(x0, x1, count), rng.uniform(y0, y1, count))
    tiles = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=box)
    )
    cells = shapely.intersection(tiles, box)
    codes = [
        f"410102{i // 1000 + 1:03d}{i // 100 % 10 + 1:03d}{i % 100 + 1:03d}"
        for i in range(len(cells))
    ]
    order = rng.permutation(len(cells))
    return [codes[i] for i in order], cells[order]


def best_of(repeats: int, run) -> float:
    """The shortest of `repeats` timings of `run()`, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def random_points(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = BOX
    # A margin outside the box, so some points fall outside every cell as in real use.
    return rng.uniform(x0 - 0.05, x1 + 0.05, count), rng.uniform(
        y0 - 0.05, y1 + 0.05, count
    )


def measure(count: int) -> dict:
    codes, cells = synthetic_cells(count)
    texts = shapely.to_geojson(cells)

    build_s = best_of(3, lambda: CellIndex(codes, cells.copy()))
    started = time.perf_counter()
    CellIndex.from_geojson(codes, texts)
    from_geojson_s = time.perf_counter() - started
    index = CellIndex(codes, cells)

    lons, lats = random_points(20_000, seed=1)
    pairs = list(zip(lons.tolist(), lats.tolist(), strict=True))
    code_at = index.code_at
    single_s = best_of(3, lambda: [code_at(x, y) for x, y in pairs]) / len(pairs)

    bulk_lons, bulk_lats = random_points(100_000, seed=2)
    bulk_s = best_of(3, lambda: index.codes_at(bulk_lons, bulk_lats)) / len(bulk_lons)

    # Baseline: every prepared polygon tested against the point (a C loop, no tree).
    sorted_codes = np.asarray(index.codes)
    geometries = index.geometries
    sample = pairs[: 200 if count < 10_000 else 20]

    def scan(x, y):
        hits = np.flatnonzero(shapely.intersects(geometries, shapely.Point(x, y)))
        return str(sorted_codes[hits[0]]) if hits.size else None

    scan_s = best_of(1, lambda: [scan(x, y) for x, y in sample]) / len(sample)
    agree = all(scan(x, y) == index.code_at(x, y) for x, y in sample)
    bulk_agree = index.codes_at(lons[:2000], lats[:2000]) == [
        code_at(x, y) for x, y in pairs[:2000]
    ]
    return {
        "cells": len(index),
        "build_s": build_s,
        "from_geojson_s": from_geojson_s,
        "single_us": single_s * 1e6,
        "bulk_us": bulk_s * 1e6,
        "scan_us": scan_s * 1e6,
        "agree": agree and bulk_agree,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, nargs="+", default=[4300, 100_000])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target is missed"
    )
    args = parser.parse_args()

    print(
        f"locate benchmark: shapely {shapely.__version__}, GEOS {shapely.geos_version_string}"
    )
    header = (
        f"{'cells':>8} {'build ms':>9} {'+GeoJSON ms':>12} {'single µs':>10} "
        f"{'bulk µs/pt':>11} {'scan µs':>10} {'speed-up':>9} {'same answers':>13}"
    )
    print(header)
    print("-" * len(header))
    missed = []
    for count in args.cells:
        r = measure(count)
        print(
            f"{r['cells']:>8,} {r['build_s'] * 1e3:>9.1f} {r['from_geojson_s'] * 1e3:>12.1f} "
            f"{r['single_us']:>10.1f} {r['bulk_us']:>11.2f} {r['scan_us']:>10.1f} "
            f"{r['scan_us'] / r['single_us']:>8.0f}x {'yes' if r['agree'] else 'NO':>13}"
        )
        if r["single_us"] > TARGET_SINGLE_US:
            missed.append(f"single lookup at {count} cells: {r['single_us']:.1f} µs")
        if r["bulk_us"] > TARGET_BULK_US:
            missed.append(f"bulk lookup at {count} cells: {r['bulk_us']:.2f} µs/point")
        if r["build_s"] > TARGET_BUILD_S:
            missed.append(f"build at {count} cells: {r['build_s']:.2f} s")
        if not r["agree"]:
            missed.append(f"index and scan disagree at {count} cells")
    print(
        "\nbuild: prepare + STRtree from shapely geometries (best of 3); +GeoJSON: the same "
        "from GeoJSON text, as the app loads cells from the database.\nsingle: "
        "CellIndex.code_at per point (best of 3 × 20,000); bulk: CellIndex.codes_at over "
        "100,000 points; scan: every prepared polygon tested per point (baseline)."
    )
    print(
        f"targets: single ≤ {TARGET_SINGLE_US:.0f} µs, bulk ≤ {TARGET_BULK_US:.0f} µs/point, "
        f"build ≤ {TARGET_BUILD_S:.0f} s: "
        + ("met" if not missed else "MISSED: " + "; ".join(missed))
    )
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
