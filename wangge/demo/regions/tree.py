"""The whole demo region tree in memory: real city, districts and townships, generated below.

Each parent draws its children from its own random generator, seeded with the run's seed
and the parent's code, so a region's subtree does not depend on the order of work.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import shapely

from wangge.demo.regions import naming, sources, tessellation
from wangge.regions.levels import Level

# Zhengzhou's grid in 2016: about 740 communities and villages, 4,300 unit grids.
DEFAULT_COMMUNITIES = 740
DEFAULT_CELLS = 4300
MAX_CELLS_PER_COMMUNITY = 999
# Townships and subdistricts in the MCA data that sources.townships() reads.
ZHENGZHOU_TOWNSHIPS = 180


@dataclass
class DemoRegion:
    """One region of the demo tree before it is written: code, name, level and boundary."""

    code: str
    name: str
    level: str
    parent_code: str | None
    boundary: shapely.Geometry
    kind: str = ""
    urban: bool = True
    children: list["DemoRegion"] = field(default_factory=list, repr=False)

    def walk(self) -> Iterator["DemoRegion"]:
        """This region and everything under it, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


def allocate(
    total: int, weights: list[float], minimum: int = 1, maximum: int | None = None
) -> list[int]:
    """Split `total` into integer shares proportional to `weights` (largest remainder).

    Every share is at least `minimum` and at most `maximum`; ties go to the earlier item.
    """
    n = len(weights)
    if total < minimum * n or (maximum is not None and total > maximum * n):
        raise ValueError(
            f"cannot split {total} into {n} shares within [{minimum}, {maximum}]"
        )
    shares = [minimum] * n
    cap = maximum if maximum is not None else total
    left = total - minimum * n
    while left:
        open_ = [i for i in range(n) if shares[i] < cap]
        weight_sum = sum(weights[i] for i in open_) or float(len(open_))
        ideal = {
            i: left * (weights[i] / weight_sum if weight_sum else 1 / len(open_))
            for i in open_
        }
        step = {i: min(int(ideal[i]), cap - shares[i]) for i in open_}
        if not any(step.values()):
            # Hand out what is left one by one, largest fractional remainder first.
            by_remainder = sorted(open_, key=lambda i: (int(ideal[i]) - ideal[i], i))
            for i in by_remainder[:left]:
                step[i] = 1
        for i, s in step.items():
            shares[i] += s
            left -= s
    return shares


def community_count(cells: int, townships: int) -> int:
    """How many communities a run with `cells` unit grids has: 740 at the 2016 density or more."""
    scaled = round(cells * DEFAULT_COMMUNITIES / DEFAULT_CELLS)
    return max(townships, min(DEFAULT_COMMUNITIES, scaled))


def _rng(seed: int, code: str) -> np.random.Generator:
    return np.random.default_rng([seed, int(code)])


def generate(
    seed: int,
    cells: int = DEFAULT_CELLS,
    progress: Callable[[str], None] | None = None,
) -> DemoRegion:
    """Build the demo tree: the real city, districts and townships, generated communities and cells.

    Returns the city; the same seed and cell count give the same codes, names and boundaries.
    """
    districts = sources.districts()
    townships = sources.townships()
    communities = community_count(cells, len(townships))
    if cells > communities * MAX_CELLS_PER_COMMUNITY:
        raise ValueError(f"at most {communities * MAX_CELLS_PER_COMMUNITY} cells")
    city = DemoRegion(
        sources.CITY_CODE, sources.CITY_NAME, Level.CITY, None, sources.city_boundary()
    )

    township_rows = {
        d.code: [t for t in townships if t.district_code == d.code] for d in districts
    }
    township_parts: dict[str, list[shapely.Geometry]] = {}
    weights = []
    for district in districts:
        rows = township_rows[district.code]
        parts = tessellation.partition(
            district.boundary, len(rows), _rng(seed, district.code)
        )
        township_parts[district.code] = parts
        # Dense subdistricts hold more communities per km² than towns do villages.
        weights.extend(part.area**0.5 for part in parts)
    per_township = allocate(communities, weights)
    per_community = allocate(cells, [1.0] * communities, 1, MAX_CELLS_PER_COMMUNITY)

    t = c = 0
    for district in districts:
        node = DemoRegion(
            district.code, district.name, Level.DISTRICT, city.code, district.boundary
        )
        city.children.append(node)
        for row, part in zip(
            township_rows[district.code], township_parts[district.code], strict=True
        ):
            township = DemoRegion(
                row.code,
                row.name,
                Level.TOWNSHIP,
                node.code,
                part,
                urban=row.is_subdistrict,
            )
            node.children.append(township)
            n = per_township[t]
            _fill_township(township, per_community[c : c + n], seed)
            t, c = t + 1, c + n
        if progress:
            progress(district.name)
    return city


def _fill_township(township: DemoRegion, cell_counts: list[int], seed: int) -> None:
    rng = _rng(seed, township.code)
    parts = tessellation.partition(township.boundary, len(cell_counts), rng)
    names = naming.community_names(len(parts), township.urban, rng)
    for i, (part, name, n) in enumerate(
        zip(parts, names, cell_counts, strict=True), start=1
    ):
        community = DemoRegion(
            f"{township.code}{i:03d}",
            name,
            Level.COMMUNITY,
            township.code,
            part,
            urban=township.urban,
        )
        township.children.append(community)
        crng = _rng(seed, community.code)
        cell_parts = tessellation.partition(part, n, crng)
        kinds = naming.cell_kinds(n, township.urban, crng)
        for j, (cell_part, kind, cell_name) in enumerate(
            zip(cell_parts, kinds, naming.cell_names(kinds, crng), strict=True), start=1
        ):
            community.children.append(
                DemoRegion(
                    f"{community.code}{j:03d}",
                    cell_name,
                    Level.CELL,
                    community.code,
                    cell_part,
                    kind=kind,
                    urban=township.urban,
                )
            )
