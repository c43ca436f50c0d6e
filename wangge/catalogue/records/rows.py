"""Checking each row on its own: types, vocabularies, and the rules of a major or minor category."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from wangge.catalogue.choices import (
    CODE_MAX_LENGTH,
    DEPARTMENT_LEVELS,
    TERRITORIAL_LEVELS,
    UNIT_VALUES,
    AttributeType,
    DepartmentKind,
    Kind,
    LimitUnit,
    Responsibility,
    Source,
)
from wangge.catalogue.records import cells
from wangge.catalogue.records.fields import (
    ATTRIBUTE_FIELDS,
    FIELDS,
    REQUIRED_FIELDS,
    UNIT_FIELDS,
    AttributeRecord,
    CategoryRecord,
    RowError,
    derive_default_units,
)
from wangge.regions.levels import PLATFORM_LEVELS


class _RowReader:
    """Reads the cells of one raw row into typed values, collecting an error per bad cell."""

    def __init__(self, raw: Mapping, row: int):
        self.raw = raw
        self.row = row
        self.code = cells.text(raw.get("code"))
        self.errors: list[RowError] = []

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.row, self.code, field_name, message))

    def text(self, name: str) -> str:
        return cells.text(self.raw.get(name))

    def choice(self, name: str, allowed: Iterable[str], default: str = "") -> str:
        value = self.text(name) or default
        if value and value not in allowed:
            self.error(
                name,
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value, ok = cells.boolean(self.raw.get(name), default)
        if not ok:
            self.error(name, _("Write yes or no (true/false, 1/0)."))
        return value

    def positive_int(self, name: str) -> int | None:
        value, ok = cells.integer(self.raw.get(name))
        if not ok or (value is not None and value <= 0):
            self.error(name, _("Write a positive whole number."))
            return None
        return value


def parse_rows(
    rows: Iterable[tuple[int, Mapping]],
) -> tuple[list[CategoryRecord], list[RowError]]:
    """Type and check each (row number, row) on its own; rows with errors are left out."""
    records: list[CategoryRecord] = []
    errors: list[RowError] = []
    for number, raw in rows:
        record, row_errors = parse_row(raw, number)
        errors.extend(row_errors)
        if record is not None:
            records.append(record)
    return records, errors


def check_columns(columns: Iterable[str], *, row: int = 1) -> list[RowError]:
    """Unknown columns (a typo would silently drop data), repeated and missing ones."""
    present = [c for c in columns if c]
    errors = [
        RowError(row, "", column, _("Unknown column."))
        for column in present
        if column not in FIELDS
    ]
    errors += [
        RowError(row, "", column, _("This column appears twice."))
        for column in sorted({c for c in present if present.count(c) > 1})
    ]
    errors += [
        RowError(row, "", column, _("This column is missing."))
        for column in REQUIRED_FIELDS
        if column not in present
    ]
    return errors


def parse_row(raw: Mapping, row: int) -> tuple[CategoryRecord | None, list[RowError]]:
    """One row on its own: types, vocabularies, and the rules of a major or minor category."""
    r = _RowReader(raw, row)
    for key in raw:
        if key == "":
            r.error("-", _("A cell lies beyond the last named column."))
        elif key not in FIELDS:
            r.error(str(key), _("Unknown column."))
    if not r.code:
        r.error("code", _("A code is required."))
    elif not cells.is_code(r.code):
        r.error(
            "code",
            _("Use letters, digits, '-' and '_' only (at most %(max)s).")
            % {"max": CODE_MAX_LENGTH},
        )
    parent = r.text("parent")
    if parent and parent == r.code:
        r.error("parent", _("A category cannot be its own parent."))
    kind = r.choice("kind", Kind.values)
    if not kind:
        r.error("kind", _("A kind is required."))
    name = r.text("name")
    if not name:
        r.error("name", _("A name is required."))
    elif len(name) > 100:
        r.error("name", _("At most 100 characters."))
    values = {
        "description": r.text("description"),
        "is_active": r.boolean("is_active", True),
        "source": r.choice("source", Source.values, Source.LOCAL),
        "registration_conditions": r.text("registration_conditions"),
        "closing_conditions": r.text("closing_conditions"),
        "limit_amount": r.positive_int("limit_amount"),
        "limit_unit": r.choice("limit_unit", LimitUnit.values),
        "urgent_limit_amount": r.positive_int("urgent_limit_amount"),
        "urgent_limit_unit": r.choice("urgent_limit_unit", LimitUnit.values),
        "responsibility": r.choice("responsibility", Responsibility.values),
        "territorial_level": r.choice("territorial_level", TERRITORIAL_LEVELS),
        "department_kind": r.choice("department_kind", DepartmentKind.values),
        "department_level": r.choice("department_level", DEPARTMENT_LEVELS),
    }
    units = {
        level: r.choice(column, sorted(UNIT_VALUES))
        for column, level in UNIT_FIELDS.items()
    }
    attributes = _parse_attributes(r)
    if parent:
        _check_minor(r, values)
        derived = derive_default_units(
            values["responsibility"], values["department_kind"]
        )
        units = {level: units[level] or derived[level] for level in PLATFORM_LEVELS}
    else:
        _check_major(r, values, units, attributes)
        units = {}
    if r.errors:
        return None, r.errors
    record = CategoryRecord(
        row=row,
        code=r.code,
        parent=parent,
        kind=kind,
        name=name,
        default_units=units,
        attributes=attributes,
        **values,
    )
    return record, []


def _check_major(r: _RowReader, values: dict, units: dict, attributes: tuple) -> None:
    for name in (
        "limit_amount",
        "limit_unit",
        "urgent_limit_amount",
        "urgent_limit_unit",
        "responsibility",
        "territorial_level",
        "department_kind",
        "department_level",
    ):
        if values[name]:
            r.error(
                name, _("A major category only groups minor ones: leave this empty.")
            )
    for column, level in UNIT_FIELDS.items():
        if units[level]:
            r.error(
                column, _("A major category only groups minor ones: leave this empty.")
            )
    if attributes:
        r.error(
            "attributes",
            _("A major category only groups minor ones: leave this empty."),
        )


def _check_minor(r: _RowReader, v: dict) -> None:
    """The rules of the database constraints, reported per field before anything is written."""
    if v["limit_amount"] is None and not _has_error(r, "limit_amount"):
        r.error("limit_amount", _("A minor category needs a time limit."))
    if v["limit_amount"] is not None and not v["limit_unit"]:
        r.error("limit_unit", _("Give the unit: hours or days."))
    if (v["urgent_limit_amount"] is None) != (not v["urgent_limit_unit"]):
        if not _has_error(r, "urgent_limit_amount"):
            r.error(
                "urgent_limit_unit", _("Give both the urgent time limit and its unit.")
            )
    elif v["urgent_limit_amount"] is not None and v["limit_amount"] is not None:
        same_unit = v["urgent_limit_unit"] == v["limit_unit"]
        if (same_unit and v["urgent_limit_amount"] > v["limit_amount"]) or (
            v["urgent_limit_unit"] == LimitUnit.DAYS
            and v["limit_unit"] == LimitUnit.HOURS
        ):
            r.error(
                "urgent_limit_amount",
                _("The urgent time limit may not exceed the normal one."),
            )
    responsibility = v["responsibility"]
    if not responsibility and not _has_error(r, "responsibility"):
        r.error("responsibility", _("Choose territorial or departmental."))
    elif responsibility == Responsibility.TERRITORIAL:
        if not v["territorial_level"]:
            r.error("territorial_level", _("Choose community or township."))
        for name in ("department_kind", "department_level"):
            if v[name]:
                r.error(name, _("Only a departmental category has this."))
    elif responsibility == Responsibility.DEPARTMENTAL:
        if not v["department_kind"] and not _has_error(r, "department_kind"):
            r.error("department_kind", _("Choose the department's line of work."))
        if not v["department_level"] and not _has_error(r, "department_level"):
            r.error("department_level", _("Choose city or district."))
        if v["territorial_level"]:
            r.error("territorial_level", _("Only a territorial category has this."))


def _parse_attributes(r: _RowReader) -> tuple[AttributeRecord, ...]:
    raw = r.raw.get("attributes")
    if raw is None or raw == "":
        return ()
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            r.error("attributes", _("Write the attributes as a JSON list."))
            return ()
    if not isinstance(raw, list):
        r.error("attributes", _("Write the attributes as a JSON list."))
        return ()
    records: list[AttributeRecord] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        record = _parse_attribute(r, index, item)
        if record is None:
            continue
        if record.code in seen:
            r.error(
                f"attributes[{index}].code",
                _("The code “%(code)s” appears twice.") % {"code": record.code},
            )
            continue
        seen.add(record.code)
        records.append(record)
    return tuple(records)


def _parse_attribute(r: _RowReader, index: int, item: object) -> AttributeRecord | None:
    where = f"attributes[{index}]"
    if not isinstance(item, Mapping):
        r.error(
            where, _("Each attribute is an object with a code, a label and a type.")
        )
        return None
    errors_before = len(r.errors)
    unknown = sorted(set(item) - set(ATTRIBUTE_FIELDS))
    if unknown:
        r.error(where, _("Unknown keys: %(keys)s.") % {"keys": ", ".join(unknown)})
    code = cells.text(item.get("code"))
    if not code or len(code) > 32 or not set(code) <= cells.SLUG_CHARS:
        r.error(
            f"{where}.code",
            _("Give a code of letters, digits, '-' and '_' (at most 32)."),
        )
    label = cells.text(item.get("label"))
    if not label or len(label) > 100:
        r.error(f"{where}.label", _("Give a label of at most 100 characters."))
    type_ = cells.text(item.get("type")) or AttributeType.TEXT
    if type_ not in AttributeType.values:
        r.error(
            f"{where}.type",
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": type_, "allowed": ", ".join(AttributeType.values)},
        )
    choices = item.get("choices") or []
    if not isinstance(choices, list) or not all(
        isinstance(c, str) and c.strip() for c in choices
    ):
        r.error(f"{where}.choices", _("Give the choices as a list of texts."))
        choices = []
    choices = [c.strip() for c in choices]
    if type_ == AttributeType.CHOICE and not choices:
        r.error(f"{where}.choices", _("A choice attribute needs choices."))
    elif type_ != AttributeType.CHOICE and choices:
        r.error(f"{where}.choices", _("Only a choice attribute has choices."))
    elif len(set(choices)) != len(choices):
        r.error(f"{where}.choices", _("The choices must differ."))
    required, ok = cells.boolean(item.get("required"), False)
    if not ok:
        r.error(f"{where}.required", _("Write yes or no (true/false, 1/0)."))
    help_text = cells.text(item.get("help"))
    if len(help_text) > 200:
        r.error(f"{where}.help", _("At most 200 characters."))
    if len(r.errors) > errors_before:
        return None
    return AttributeRecord(code, label, type_, tuple(choices), required, help_text)


def _has_error(r: _RowReader, name: str) -> bool:
    return any(e.field == name for e in r.errors)
