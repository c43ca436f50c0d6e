"""Importing a region file: validate everything, then write all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wangge.core import clock
from wangge.regions import levels
from wangge.regions.models import Region
from wangge.regions.services import boundaries_changed
from wangge.regions.transfer import geometry
from wangge.regions.transfer.records import Format, Mode, Problem, read_records
from wangge.regions.transfer.validation import ImportPlan, Progress, plan_import

_BATCH = 1000
_UPDATED_FIELDS = [
    "name",
    "kind",
    "boundary",
    "centroid_lon",
    "centroid_lat",
    "updated_at",
]


@dataclass
class ImportReport:
    """The outcome of an import: how many regions were created and updated, or every problem."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """The counts, as one translated sentence."""
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            return (
                ngettext(
                    "Check passed: %(created)d region would be created, %(updated)d updated, "
                    "%(unchanged)d unchanged. Nothing was written.",
                    "Check passed: %(created)d regions would be created, %(updated)d updated, "
                    "%(unchanged)d unchanged. Nothing was written.",
                    self.created,
                )
                % counts
            )
        return (
            ngettext(
                "Imported: %(created)d region created, %(updated)d updated, %(unchanged)d unchanged.",
                "Imported: %(created)d regions created, %(updated)d updated, %(unchanged)d unchanged.",
                self.created,
            )
            % counts
        )


def regions_import(
    source: Any,
    *,
    fmt: str = Format.GEOJSON,
    mode: str = Mode.CREATE,
    progress: Progress | None = None,
    within: tuple[str, ...] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import regions from a GeoJSON or CSV file (path or file object), all or nothing.

    Mode "create" refuses codes already in the database; "upsert" updates their name,
    kind and boundary. `within` limits the import to the subtrees of these region paths
    (an administrator's area). With `dry_run` everything is checked and written inside
    a transaction that is then rolled back.
    """
    records, problems = read_records(source, fmt)
    if problems:
        return ImportReport(problems=problems, dry_run=dry_run)
    plan = plan_import(records, mode=Mode(mode), within=within, progress=progress)
    if plan.problems:
        return ImportReport(problems=plan.problems, dry_run=dry_run)
    try:
        with transaction.atomic():
            created, updated = _write(plan, progress)
            if created or updated:
                # The locate index also shows names along the path: rebuild it on any change.
                boundaries_changed()
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        message = _("the database refused the import: %(error)s") % {"error": error}
        return ImportReport(
            problems=[Problem("file", None, "database", message)], dry_run=dry_run
        )
    return ImportReport(created, updated, plan.unchanged, dry_run=dry_run)


def _write(plan: ImportPlan, progress: Progress | None) -> tuple[int, int]:
    total = len(plan.create) + len(plan.update)
    step = _("Writing")
    done = 0
    ids = dict(plan.known_ids)
    by_level: dict[str, list] = {level: [] for level in levels.ORDER}
    for record in plan.create:
        by_level[record.level].append(record)
    # bulk_create skips save(): `path` comes from validation, and parents go in first.
    for level in levels.ORDER:
        records = by_level[level]
        for start in range(0, len(records), _BATCH):
            batch = records[start : start + _BATCH]
            rows = [
                Region(
                    code=r.code,
                    name=r.name,
                    level=r.level,
                    parent_id=ids[r.parent] if r.parent else None,
                    path=r.path,
                    kind=r.kind,
                    boundary=r.geometry,
                )
                for r in batch
            ]
            _set_centroids(rows, [r.shape for r in batch])
            Region.objects.bulk_create(rows)
            ids.update(_ids_of(rows))
            done += len(rows)
            if progress is not None:
                progress(step, done, total)
    now = clock.now()
    for start in range(0, len(plan.update), _BATCH):
        batch = plan.update[start : start + _BATCH]
        rows = [
            Region(
                id=k.id, name=r.name, kind=r.kind, boundary=r.geometry, updated_at=now
            )
            for r, k in batch
        ]
        _set_centroids(rows, [r.shape for r, _k in batch])
        Region.objects.bulk_update(rows, _UPDATED_FIELDS)
        done += len(rows)
        if progress is not None:
            progress(step, done, total)
    return len(plan.create), len(plan.update)


def _set_centroids(rows: list[Region], shapes: list) -> None:
    present = [i for i, shape in enumerate(shapes) if shape is not None]
    if not present:
        return
    points = geometry.representative_points(
        np.array([shapes[i] for i in present], dtype=object)
    )
    for i, (lon, lat) in zip(present, points.tolist(), strict=True):
        rows[i].centroid_lon, rows[i].centroid_lat = lon, lat


def _ids_of(rows: list[Region]) -> dict[str, int]:
    """Primary keys of freshly inserted rows, fetched when the backend does not return them."""
    if all(row.pk is not None for row in rows):
        return {row.code: row.pk for row in rows}
    return dict(
        Region.objects.filter(code__in=[row.code for row in rows]).values_list(
            "code", "id"
        )
    )
