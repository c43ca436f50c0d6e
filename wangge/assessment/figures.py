"""The counts of every assessed unit for a period, gathered from the record in a few queries.

`period_figures` runs the aggregation of `aggregation` (one pass over the cohort of the
period), the recurrence query and the grid workers' queries, then rolls the cells up into
their communities, townships, districts and the city; it counts the accountability
determinations of the period beside them, rolled up the same way. Nothing here checks who
asks: the snapshot is the city's; readers reach its rows through `selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

from wangge.assessment import aggregation, scoring
from wangge.assessment.models import UnitKind
from wangge.linkage.selectors.accountability import (
    determination_counts_by_person,
    determination_counts_by_unit,
)
from wangge.regions.levels import Level
from wangge.regions.models import Region

Unit = tuple[
    str, int
]  # (UnitKind or Level.CITY, id of the region, department or person)


@dataclass
class PeriodFigures:
    """Counts per unit (every level of regions, the city included), and the accountability
    determinations per unit by measure; they stand beside the counts and are not scored."""

    counts: dict[Unit, dict[str, int]] = field(default_factory=dict)
    determinations: dict[Unit, dict[str, int]] = field(default_factory=dict)

    def of(self, kind: str, pk: int) -> dict[str, int]:
        return self.counts.get((kind, pk)) or scoring.empty_counts()

    def determinations_of(self, kind: str, pk: int) -> dict[str, int]:
        return dict(self.determinations.get((kind, pk), {}))


def _params(start: datetime, end: datetime) -> dict:
    adapt = connection.ops.adapt_datetimefield_value
    return {"start": adapt(start), "end": adapt(end)}


def _rows(sql: str, params: dict):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(names, row, strict=True))


def _ancestors() -> dict[int, list[tuple[str, int]]]:
    """For each cell id, the (level, id) of itself and every region above it."""
    ids = dict(Region.objects.exclude(level=Level.CELL).values_list("code", "pk"))
    levels = dict(Region.objects.exclude(level=Level.CELL).values_list("pk", "level"))
    chains = {}
    for pk, path in Region.objects.filter(level=Level.CELL).values_list("pk", "path"):
        codes = [c for c in path.split("/") if c][:-1]
        chains[pk] = [(UnitKind.CELL, pk)] + [
            (levels[ids[c]], ids[c]) for c in codes if c in ids
        ]
    return chains


def _add(figures: PeriodFigures, unit: Unit, counts: dict) -> None:
    total = figures.counts.setdefault(unit, scoring.empty_counts())
    scoring.add_counts(total, counts)


def _add_determinations(figures: PeriodFigures, unit: Unit, measure: str, n: int):
    by_measure = figures.determinations.setdefault(unit, {})
    by_measure[measure] = by_measure.get(measure, 0) + n


def _count_determinations(
    figures: PeriodFigures, start: datetime, end: datetime, under: str
) -> None:
    """Each determination in force of the period counts at its region and at every region
    above it (as a cell's cases do); a grid worker counts those naming them."""
    by_unit = determination_counts_by_unit(start, end, under=under)
    regions = Region.objects.filter(pk__in={pk for pk, _m in by_unit})
    paths = dict(regions.values_list("pk", "path"))
    codes = [c for path in paths.values() for c in path.split("/") if c]
    above = {
        code: (level, pk)
        for code, level, pk in Region.objects.filter(code__in=codes).values_list(
            "code", "level", "pk"
        )
    }
    for (region_id, measure), n in by_unit.items():
        for code in (c for c in paths[region_id].split("/") if c):
            _add_determinations(figures, above[code], measure, n)
    if under:
        return
    for (user_id, measure), n in determination_counts_by_person(start, end).items():
        if user_id is not None:  # a determination naming nobody counts for no person
            _add_determinations(figures, (UnitKind.GRID_WORKER, user_id), measure, n)


def period_figures(
    start: datetime, end: datetime, *, recurrence_days: int = 30, under: str = ""
) -> PeriodFigures:
    """Every unit's counts for the cases reported in [start, end), as recorded now; with
    `under` (a region path), only the cases and determinations lying there (and no grid
    workers' figures)."""
    vendor = connection.vendor
    params = _params(start, end)
    scoped = bool(under)
    if scoped:
        params["under"] = under + "%"
    chains = _ancestors()
    figures = PeriodFigures()
    by_group: list[tuple[dict, dict]] = []
    for row in _rows(aggregation.counts_sql(vendor, scoped=scoped), params):
        counts = {k: int(row[k] or 0) for k in aggregation.PREDICATES}
        by_group.append((row, counts))
    recurrence = aggregation.recurrence_sql(vendor, days=recurrence_days, scoped=scoped)
    for row in _rows(recurrence, params):
        keys = {c: row[f"prev_{c}"] for c in aggregation.UNIT_COLUMNS}
        by_group.append((keys, {"recurred": int(row["recurred"])}))
    for row, counts in by_group:
        for unit in chains.get(row["cell_id"], []):
            _add(figures, unit, counts)
        if row["handler_department_id"]:
            _add(figures, (UnitKind.DEPARTMENT, row["handler_department_id"]), counts)
        _add(figures, (UnitKind.DESK, row["node_id"]), counts)
    _count_determinations(figures, start, end, under)
    if scoped:
        return figures
    reports, verifications = aggregation.persons_sql(vendor)
    for row in _rows(reports, params):
        _add(
            figures,
            (UnitKind.GRID_WORKER, row["created_by_id"]),
            {
                "reported": int(row["reported"]),
                "registered": int(row["registered"] or 0),
            },
        )
    for row in _rows(verifications, params):
        _add(
            figures,
            (UnitKind.GRID_WORKER, row["actor_id"]),
            {
                "verified": int(row["verified"]),
                "verified_on_time": int(row["verified_on_time"] or 0),
            },
        )
    return figures


def unit_filter_sql(kind: str, pk: int, path: str = "") -> str:
    """The SQL condition that picks one unit's cases in the aggregation (ids are integers)."""
    pk = int(pk)
    if kind == UnitKind.DEPARTMENT:
        return f"c.handler_department_id = {pk}"
    if kind == UnitKind.DESK:
        return f"c.node_id = {pk}"
    if kind == UnitKind.CELL:
        return f"c.cell_id = {pk}"
    cells = ", ".join(
        str(c)
        for c in Region.objects.filter(
            level=Level.CELL, path__startswith=path
        ).values_list("pk", flat=True)
    )
    return f"c.cell_id IN ({cells or 'NULL'})"


def evidence_ids(
    figure: str,
    kind: str,
    pk: int,
    path: str,
    start: datetime,
    end: datetime,
    *,
    days: int = 30,
) -> list[int]:
    """The ids of the cases a region, department or desk figure counts, oldest first."""
    sql = aggregation.evidence_sql(
        connection.vendor, figure, unit_filter_sql(kind, pk, path), days=days
    )
    return sorted(row["id"] for row in _rows(sql, _params(start, end)))
