"""Exporting regions as GeoJSON or CSV, streamed: rows are read in chunks, never all at once.

The output is exactly what `regions_import` reads back: the same fields, parents before
children, boundaries written as stored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO

from django.db.models import QuerySet

from wangge.core.spreadsheets import csv_text
from wangge.regions.models import Region
from wangge.regions.transfer.records import CSV_COLUMNS, Format

_CHUNK = 2000
_FIELDS = ("code", "name", "level", "parent__code", "kind", "boundary")

CONTENT_TYPES = {
    Format.GEOJSON: "application/geo+json",
    Format.CSV: "text/csv; charset=utf-8",
}
EXTENSIONS = {Format.GEOJSON: "geojson", Format.CSV: "csv"}


def export_chunks(regions: QuerySet[Region], fmt: str) -> Iterator[str]:
    """The file, piece by piece, for these regions in tree order (callers scope the queryset)."""
    return _chunks(_rows(regions), fmt)


def regions_export(
    out: IO[str], *, fmt: str = Format.GEOJSON, root: Region | None = None
) -> int:
    """Write the subtree under `root` (default: the whole tree) to `out`; return the region count."""
    regions = Region.objects.subtree(root) if root is not None else Region.objects.all()
    count = 0

    def counted(rows: Iterator[tuple]) -> Iterator[tuple]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in _chunks(counted(_rows(regions)), fmt):
        out.write(chunk)
    return count


def _rows(regions: QuerySet[Region]) -> Iterator[tuple]:
    return regions.order_by("path").values_list(*_FIELDS).iterator(chunk_size=_CHUNK)


def _chunks(rows: Iterator[tuple], fmt: str) -> Iterator[str]:
    return _csv_chunks(rows) if fmt == Format.CSV else _geojson_chunks(rows)


def _geojson_chunks(rows) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    separator = "\n"
    for code, name, level, parent, kind, boundary in rows:
        properties = {"code": code, "name": name, "level": level, "parent": parent}
        if kind:
            properties["kind"] = kind
        feature = {"type": "Feature", "properties": properties, "geometry": boundary}
        yield separator + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
        separator = ",\n"
    yield "\n]}\n"


class _Line:
    """A file-like target for csv.writer that hands back each written line."""

    def write(self, line: str) -> str:
        return line


def _csv_chunks(rows) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\n")
    yield writer.writerow(CSV_COLUMNS)
    # Names and codes are written as text (never formulas); the import reads them back.
    for code, name, level, parent, kind, boundary in rows:
        text = (
            json.dumps(boundary, separators=(",", ":")) if boundary is not None else ""
        )
        values = (code, name, level, parent or "", kind, text)
        yield writer.writerow([csv_text(value) for value in values])
