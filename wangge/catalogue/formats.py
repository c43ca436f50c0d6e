"""Reading and writing catalogue files: xlsx, CSV and JSON with the same fields.

A file is a list of flat rows (`records.FIELDS`). In CSV and xlsx each row is a line under a
header of field names, and the attributes cell holds a JSON list; in JSON the file is
`{"format": "wangge-catalogue", "version": 1, "categories": [row, …]}`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.utils.exceptions import InvalidFileException

from wangge.catalogue.records import FIELD_LABELS, FIELDS
from wangge.core.spreadsheets import csv_text, csv_text_read, xlsx_row

FORMATS: tuple[str, ...] = ("xlsx", "csv", "json")
JSON_FORMAT_NAME = "wangge-catalogue"
JSON_VERSION = 1
SHEET_TITLE = "categories"
CONTENT_TYPES: dict[str, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


class CatalogueFileError(ValueError):
    """The file cannot be read at all (not a workbook, not JSON, no header …)."""


@dataclass(frozen=True)
class CatalogueFile:
    """The rows of a file, each with its row number, and the header's columns if it is a table."""

    rows: list[tuple[int, dict]]
    columns: list[str] | None


def format_for(path: str | Path) -> str:
    """The format a file name's extension stands for."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise CatalogueFileError(
            _("Cannot tell the format of “%(name)s”: use .xlsx, .csv or .json.")
            % {"name": Path(path).name}
        )
    return suffix


def read_catalogue(data: bytes, fmt: str) -> CatalogueFile:
    """Parse a file's bytes into raw rows (values not yet checked)."""
    if fmt == "json":
        return _read_json(data)
    if fmt == "csv":
        return _read_csv(data)
    if fmt == "xlsx":
        return _read_xlsx(data)
    raise CatalogueFileError(_("Unknown format “%(format)s”.") % {"format": fmt})


def write_catalogue(rows: list[dict], fmt: str) -> bytes:
    """Serialise flat rows (as `CategoryRecord.to_row` gives them) into a file's bytes."""
    if fmt == "json":
        document = {
            "format": JSON_FORMAT_NAME,
            "version": JSON_VERSION,
            "categories": rows,
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(FIELDS)
        for row in rows:
            writer.writerow([csv_text(_cell_text(row.get(name))) for name in FIELDS])
        # The byte-order mark makes Excel open the file as UTF-8, not the local code page.
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        return _write_xlsx(rows)
    raise CatalogueFileError(_("Unknown format “%(format)s”.") % {"format": fmt})


def _read_json(data: bytes) -> CatalogueFile:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CatalogueFileError(
            _("The file is not valid JSON: %(error)s") % {"error": exc}
        ) from exc
    if not isinstance(document, dict) or not isinstance(
        document.get("categories"), list
    ):
        raise CatalogueFileError(
            _("A catalogue JSON file holds a list under “categories”.")
        )
    if document.get("version", JSON_VERSION) != JSON_VERSION:
        raise CatalogueFileError(
            _("Unsupported catalogue file version %(version)s.")
            % {"version": document.get("version")}
        )
    rows = document["categories"]
    if not all(isinstance(row, dict) for row in rows):
        raise CatalogueFileError(_("Each category in a JSON file is an object."))
    return CatalogueFile(rows=list(enumerate(rows, start=1)), columns=None)


def _read_csv(data: bytes) -> CatalogueFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Chinese Windows saves "CSV" in the local code page.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise CatalogueFileError(
                _("The CSV file is neither UTF-8 nor GB18030.")
            ) from exc
    try:
        lines = [
            [csv_text_read(value) for value in line]
            for line in csv.reader(io.StringIO(text, newline=""))
        ]
    except csv.Error as exc:
        raise CatalogueFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": exc}
        ) from exc
    return _table(lines)


def _read_xlsx(data: bytes) -> CatalogueFile:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        OSError,
        KeyError,
        ValueError,
    ) as exc:
        raise CatalogueFileError(
            _("The file is not an Excel workbook (.xlsx).")
        ) from exc
    sheet = (
        workbook[SHEET_TITLE]
        if SHEET_TITLE in workbook.sheetnames
        else workbook.worksheets[0]
    )
    lines = [list(values) for values in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _table(lines)


def _table(lines: list[list]) -> CatalogueFile:
    """Header plus lines → rows keyed by column; blank lines are skipped but keep their number."""
    if not lines or not any(_cell_text(v) for v in lines[0]):
        raise CatalogueFileError(_("The file has no header row."))
    columns = [_cell_text(v).lower() for v in lines[0]]
    while columns and not columns[-1]:
        columns.pop()
    rows: list[tuple[int, dict]] = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(_cell_text(v) for v in line):
            continue
        row = {
            column: line[i] if i < len(line) else None
            for i, column in enumerate(columns)
        }
        if any(_cell_text(v) for v in line[len(columns) :]):
            # A filled cell under no header: `records.parse_row` reports it.
            row[""] = line[len(columns) :]
        rows.append((number, row))
    return CatalogueFile(rows=rows, columns=columns)


def _write_xlsx(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(FIELDS))
    for cell, name in zip(sheet[1], FIELDS, strict=True):
        # The header keeps the stable field names; the comment says what each one means.
        cell.comment = Comment(str(FIELD_LABELS[name]), "wangge")
    for row in rows:
        sheet.append(xlsx_row(sheet, [_xlsx_value(row.get(name)) for name in FIELDS]))
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: object) -> object:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False) if value else None
    if value == "":
        return None
    return value


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value).strip()
