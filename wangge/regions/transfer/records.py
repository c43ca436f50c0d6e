"""Reading region files into plain records, each checked on its own.

Both formats carry the same fields: `code`, `name`, `level`, `parent` (a code; empty or
null only for the city), `kind` (optional, cells only) and the boundary, a GeoJSON
Polygon or MultiPolygon in WGS-84 longitude/latitude.

- GeoJSON: a FeatureCollection; each feature's `properties` hold the fields and its
  `geometry` the boundary.
- CSV (UTF-8, a header row): columns `code,name,level,parent,kind,boundary`, where
  `boundary` is the GeoJSON geometry written as JSON text. JSON text rather than WKT
  keeps every coordinate exactly as stored, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.core.spreadsheets import csv_text_read
from wangge.regions.levels import ORDER
from wangge.regions.models import Region

CSV_COLUMNS: tuple[str, ...] = ("code", "name", "level", "parent", "kind", "boundary")
_CSV_REQUIRED = frozenset(CSV_COLUMNS) - {"kind"}
# Real district boundaries in one CSV cell can exceed csv's default 128 KiB field limit.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024
NAME_MAX_LENGTH = Region._meta.get_field("name").max_length
CELL_KINDS: tuple[str, ...] = tuple(Region.CellKind)
_LEVELS = frozenset(ORDER)


class Format(models.TextChoices):
    GEOJSON = "geojson", gettext_lazy("GeoJSON")
    CSV = "csv", gettext_lazy("CSV")


class Mode(models.TextChoices):
    """What an import does with codes that already exist in the database."""

    CREATE = "create", gettext_lazy("Create only (existing codes are errors)")
    UPSERT = "upsert", gettext_lazy("Create or update (existing codes are updated)")


@dataclass(frozen=True)
class Problem:
    """One reason why a feature (or the whole file) cannot be imported."""

    where: str  # "features[3]", "line 5" or "file"
    code: str | None
    rule: str  # stable slug, e.g. "parent_unknown"
    message: str  # translated reason

    @property
    def label(self) -> str:
        """The code when the feature has one, else its place in the file."""
        return self.code or self.where

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


@dataclass(eq=False)
class RegionRecord:
    """One feature or row of a region file, its fields cleaned, plus what validation learns."""

    position: int
    where: str
    code: str | None = None
    name: str = ""
    level: str = ""
    parent: str | None = None
    kind: str = ""
    geometry: dict | None = None
    # Filled in by validation.
    shape: Any = None
    path: str = ""
    problems: list[Problem] = field(default_factory=list)

    def add(self, rule: str, message: str) -> None:
        self.problems.append(Problem(self.where, self.code, rule, message))


def read_records(source: Any, fmt: str) -> tuple[list[RegionRecord], list[Problem]]:
    """Parse a file (path, binary or text file object) into records.

    Returns the records, each carrying its own field problems, and the problems of the
    file as a whole (not JSON, missing columns, …), which leave no records.
    """
    try:
        with _text_stream(source) as stream:
            if fmt == Format.CSV:
                return _read_csv(stream)
            return _read_geojson(stream)
    except UnicodeDecodeError:
        return [], [_file_problem(_("the file is not UTF-8 text"))]


@contextmanager
def _text_stream(source: Any) -> Iterator[IO[str]]:
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", newline="") as stream:
            yield stream
        return
    if isinstance(source.read(0), str):
        yield source
        return
    # Django's UploadedFile proxies a real file object, which TextIOWrapper needs.
    raw = getattr(source, "file", source)
    wrapper = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    try:
        yield wrapper
    finally:
        wrapper.detach()  # leave the caller's file open


def _file_problem(message: str) -> Problem:
    return Problem("file", None, "file", message)


def _read_geojson(stream: IO[str]) -> tuple[list[RegionRecord], list[Problem]]:
    try:
        document = json.load(stream)
    except json.JSONDecodeError as error:
        return [], [_file_problem(_("not valid JSON: %(error)s") % {"error": error})]
    if (
        not isinstance(document, dict)
        or document.get("type") != "FeatureCollection"
        or not isinstance(document.get("features"), list)
    ):
        return [], [_file_problem(_("not a GeoJSON FeatureCollection"))]
    records = []
    for index, feature in enumerate(document["features"]):
        record = RegionRecord(position=index, where=f"features[{index}]")
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            record.add("field", _("not a GeoJSON Feature"))
        else:
            properties = feature.get("properties") or {}
            if not isinstance(properties, dict):
                properties = {}
            _clean_fields(record, properties, feature.get("geometry"))
        records.append(record)
    return records, []


def _read_csv(stream: IO[str]) -> tuple[list[RegionRecord], list[Problem]]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        return [], [_file_problem(_("not valid CSV: %(error)s") % {"error": error})]
    missing = sorted(_CSV_REQUIRED - {name.strip() for name in header})
    if missing:
        return [], [
            _file_problem(
                _("missing CSV columns: %(columns)s") % {"columns": ", ".join(missing)}
            )
        ]
    records = []
    try:
        for index, row in enumerate(reader):
            where = _("line %(line)d") % {"line": reader.line_num}
            record = RegionRecord(position=index, where=where)
            row = {
                (key or "").strip(): csv_text_read(value)
                if isinstance(value, str)
                else value
                for key, value in row.items()
            }
            _clean_fields(record, row, None)
            record.geometry = _csv_geometry(record, row.get("boundary"))
            records.append(record)
    except csv.Error as error:
        return records, [
            _file_problem(_("not valid CSV: %(error)s") % {"error": error})
        ]
    return records, []


def _csv_geometry(record: RegionRecord, text: str | None) -> Any:
    if not text or not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        record.add("geometry", _("the boundary column is not GeoJSON geometry text"))
        return None


def _clean_fields(record: RegionRecord, values: dict, geometry: Any) -> None:
    """Copy the fields into the record, adding a problem for each one that is unusable."""
    code = _as_code(values.get("code"))
    if code is _INVALID or not code:
        record.add("field", _("missing or invalid code"))
    else:
        record.code = code
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        record.add("field", _("missing name"))
    elif len(name.strip()) > NAME_MAX_LENGTH:
        record.add(
            "field",
            _("name longer than %(max)d characters") % {"max": NAME_MAX_LENGTH},
        )
    else:
        record.name = name.strip()
    level = values.get("level")
    level = level.strip() if isinstance(level, str) else level
    if level not in _LEVELS:
        record.add(
            "level",
            _("unknown level %(level)s (expected one of: %(levels)s)")
            % {"level": _display(level), "levels": ", ".join(ORDER)},
        )
    else:
        record.level = level
    parent = _as_code(values.get("parent"))
    if parent is _INVALID:
        record.add("field", _("invalid parent code"))
    else:
        record.parent = parent or None
    kind = values.get("kind") or ""
    kind = kind.strip() if isinstance(kind, str) else kind
    if kind and kind not in CELL_KINDS:
        record.add(
            "field",
            _("unknown kind %(kind)s (expected one of: %(kinds)s)")
            % {"kind": _display(kind), "kinds": ", ".join(CELL_KINDS)},
        )
    elif kind and record.level and record.level != "cell":
        record.add("field", _("only grid cells have a kind"))
    else:
        record.kind = kind
    if geometry is not None and not isinstance(geometry, dict):
        record.add("geometry", _("the boundary is not a GeoJSON geometry object"))
    elif geometry is not None:
        # Only what a boundary is: foreign members such as "bbox" are not stored.
        record.geometry = {
            "type": geometry.get("type"),
            "coordinates": geometry.get("coordinates"),
        }


_INVALID = object()


def _as_code(value: Any) -> Any:
    """A code as text; files written by GIS tools often carry codes as integers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _INVALID
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return _INVALID


def _display(value: Any) -> str:
    if value in (None, ""):
        return _("(empty)")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
