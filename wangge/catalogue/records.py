"""Catalogue rows as files carry them, and every check a row must pass before anything is written.

One flat row per category, the same fields in xlsx, CSV and JSON. CSV and xlsx cells arrive
as text (or whatever Excel made of them); JSON values arrive typed. `parse_rows` turns them
into `CategoryRecord`s and `check_records` checks them against each other and against the
categories already stored. Pure: no ORM, so every rule here is tested without a database.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.catalogue.choices import (
    CODE_MAX_LENGTH,
    CODE_PATTERN,
    DEPARTMENT_LEVELS,
    TERRITORIAL_LEVELS,
    UNIT_TERRITORIAL,
    UNIT_VALUES,
    AttributeType,
    DepartmentKind,
    Kind,
    LimitUnit,
    Responsibility,
    Source,
)
from wangge.regions.levels import PLATFORM_LEVELS

UNIT_FIELDS: dict[str, str] = {f"unit_{level}": level for level in PLATFORM_LEVELS}

FIELDS: tuple[str, ...] = (
    "code",
    "parent",
    "kind",
    "name",
    "description",
    "is_active",
    "source",
    "registration_conditions",
    "closing_conditions",
    "limit_amount",
    "limit_unit",
    "urgent_limit_amount",
    "urgent_limit_unit",
    "responsibility",
    "territorial_level",
    "department_kind",
    "department_level",
    *UNIT_FIELDS,
    "attributes",
)
REQUIRED_FIELDS: tuple[str, ...] = ("code", "kind", "name")
ATTRIBUTE_FIELDS: tuple[str, ...] = (
    "code",
    "label",
    "type",
    "choices",
    "required",
    "help",
)

# What each field means, for the header comments of a spreadsheet.
FIELD_LABELS: dict[str, object] = {
    "code": gettext_lazy("code"),
    "parent": gettext_lazy("major category (code; empty for a major category)"),
    "kind": gettext_lazy("kind: component, event, campaign or improvement"),
    "name": gettext_lazy("name"),
    "description": gettext_lazy("description"),
    "is_active": gettext_lazy("active (true/false)"),
    "source": gettext_lazy("source: standard, article, assumed or local"),
    "registration_conditions": gettext_lazy("registration conditions"),
    "closing_conditions": gettext_lazy("closing conditions"),
    "limit_amount": gettext_lazy("time limit (working hours or days)"),
    "limit_unit": gettext_lazy("time limit unit: hours or days"),
    "urgent_limit_amount": gettext_lazy("urgent time limit"),
    "urgent_limit_unit": gettext_lazy("urgent time limit unit: hours or days"),
    "responsibility": gettext_lazy("responsibility: territorial or departmental"),
    "territorial_level": gettext_lazy("territorial level: community or township"),
    "department_kind": gettext_lazy("department line of work"),
    "department_level": gettext_lazy("department level: city or district"),
    "unit_city": gettext_lazy("default handling unit at a city node"),
    "unit_district": gettext_lazy("default handling unit at a district node"),
    "unit_township": gettext_lazy("default handling unit at a township node"),
    "unit_community": gettext_lazy("default handling unit at a community node"),
    "attributes": gettext_lazy(
        "attributes: JSON list of {code, label, type, choices, required, help}"
    ),
}

_TRUE = {"1", "true", "yes", "y", "是", "t"}
_FALSE = {"0", "false", "no", "n", "否", "f"}
_SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@dataclass(frozen=True)
class RowError:
    """One reason a row cannot be written: its row number, its code and the field at fault."""

    row: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s (code %(code)s), %(field)s: %(message)s") % {
            "row": self.row,
            "code": self.code or "-",
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class AttributeRecord:
    """One extra question of a category, as a file carries it."""

    code: str
    label: str
    type: str
    choices: tuple[str, ...] = ()
    required: bool = False
    help: str = ""

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "type": self.type,
            "choices": list(self.choices),
            "required": self.required,
            "help": self.help,
        }


@dataclass(frozen=True)
class CategoryRecord:
    """One checked category row, ready to be written."""

    row: int
    code: str
    parent: str
    kind: str
    name: str
    description: str = ""
    is_active: bool = True
    source: str = Source.LOCAL
    registration_conditions: str = ""
    closing_conditions: str = ""
    limit_amount: int | None = None
    limit_unit: str = ""
    urgent_limit_amount: int | None = None
    urgent_limit_unit: str = ""
    responsibility: str = ""
    territorial_level: str = ""
    department_kind: str = ""
    department_level: str = ""
    default_units: dict[str, str] = field(default_factory=dict)
    attributes: tuple[AttributeRecord, ...] = ()

    @property
    def is_major(self) -> bool:
        return not self.parent

    def to_row(self) -> dict:
        """The flat row of the file formats (attributes as a list of dicts)."""
        row = {}
        for name in FIELDS:
            if name in UNIT_FIELDS:
                row[name] = self.default_units.get(UNIT_FIELDS[name], "")
            elif name == "attributes":
                row[name] = [a.to_dict() for a in self.attributes]
            else:
                row[name] = getattr(self, name)
        return row


def derive_default_units(responsibility: str, department_kind: str) -> dict[str, str]:
    """The default handling unit per platform level when a row leaves it blank.

    Territorial: every node sends the case to the grid's community or township.
    Departmental: city and district nodes send it to their department of that line of work;
    township and community nodes, which have no departments, handle it territorially.
    """
    if responsibility == Responsibility.DEPARTMENTAL and department_kind:
        return {
            level: department_kind if level in DEPARTMENT_LEVELS else UNIT_TERRITORIAL
            for level in PLATFORM_LEVELS
        }
    return dict.fromkeys(PLATFORM_LEVELS, UNIT_TERRITORIAL)


class _RowReader:
    """Reads the cells of one raw row into typed values, collecting an error per bad cell."""

    def __init__(self, raw: Mapping, row: int):
        self.raw = raw
        self.row = row
        self.code = _text(raw.get("code"))
        self.errors: list[RowError] = []

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.row, self.code, field_name, message))

    def text(self, name: str) -> str:
        return _text(self.raw.get(name))

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
        value, ok = _boolean(self.raw.get(name), default)
        if not ok:
            self.error(name, _("Write yes or no (true/false, 1/0)."))
        return value

    def positive_int(self, name: str) -> int | None:
        value, ok = _integer(self.raw.get(name))
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
    elif not _is_code(r.code):
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
    code = _text(item.get("code"))
    if not code or len(code) > 32 or not set(code) <= _SLUG_CHARS:
        r.error(
            f"{where}.code",
            _("Give a code of letters, digits, '-' and '_' (at most 32)."),
        )
    label = _text(item.get("label"))
    if not label or len(label) > 100:
        r.error(f"{where}.label", _("Give a label of at most 100 characters."))
    type_ = _text(item.get("type")) or AttributeType.TEXT
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
    required, ok = _boolean(item.get("required"), False)
    if not ok:
        r.error(f"{where}.required", _("Write yes or no (true/false, 1/0)."))
    help_text = _text(item.get("help"))
    if len(help_text) > 200:
        r.error(f"{where}.help", _("At most 200 characters."))
    if len(r.errors) > errors_before:
        return None
    return AttributeRecord(code, label, type_, tuple(choices), required, help_text)


@dataclass(frozen=True)
class StoredCategory:
    """What `check_records` needs to know of a category already in the database."""

    kind: str
    parent: str


def check_records(
    records: list[CategoryRecord], stored: Mapping[str, StoredCategory]
) -> list[RowError]:
    """The rules between rows: unique codes, two levels, a minor has its major's kind.

    Checked on the catalogue as it would be after the upsert: the stored categories with
    the file's rows laid over them (categories absent from the file stay as they are).
    """
    errors: list[RowError] = []
    by_code: dict[str, CategoryRecord] = {}
    for record in records:
        if record.code in by_code:
            errors.append(
                RowError(
                    record.row,
                    record.code,
                    "code",
                    _("The code appears again (first in row %(row)s).")
                    % {"row": by_code[record.code].row},
                )
            )
        else:
            by_code[record.code] = record
    after = dict(stored)
    after.update({c: StoredCategory(r.kind, r.parent) for c, r in by_code.items()})
    children: dict[str, list[str]] = {}
    for code, category in after.items():
        if category.parent:
            children.setdefault(category.parent, []).append(code)
    for code, record in by_code.items():
        if record.is_major:
            strangers = sorted(
                c for c in children.get(code, []) if after[c].kind != record.kind
            )
            if strangers:
                errors.append(
                    RowError(
                        record.row,
                        code,
                        "kind",
                        _("Minor categories of another kind hang under it: %(codes)s.")
                        % {"codes": ", ".join(strangers)},
                    )
                )
            continue
        parent = after.get(record.parent)
        if parent is None:
            errors.append(
                RowError(
                    record.row,
                    code,
                    "parent",
                    _("No major category has the code “%(code)s”.")
                    % {"code": record.parent},
                )
            )
        elif parent.parent:
            errors.append(
                RowError(
                    record.row,
                    code,
                    "parent",
                    _("“%(code)s” is a minor category; the parent must be a major one.")
                    % {"code": record.parent},
                )
            )
        elif parent.kind != record.kind:
            errors.append(
                RowError(
                    record.row,
                    code,
                    "kind",
                    _("The major category “%(code)s” is of kind %(kind)s.")
                    % {"code": record.parent, "kind": parent.kind},
                )
            )
        if children.get(code):
            errors.append(
                RowError(
                    record.row,
                    code,
                    "parent",
                    _("Minor categories hang under it (%(codes)s): it must stay major.")
                    % {"codes": ", ".join(sorted(children[code]))},
                )
            )
    return sorted(errors, key=lambda e: e.row)


def _has_error(r: _RowReader, name: str) -> bool:
    return any(e.field == name for e in r.errors)


def _is_code(value: str) -> bool:
    return (
        len(value) <= CODE_MAX_LENGTH and re.fullmatch(CODE_PATTERN, value) is not None
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel turns typed digits into numbers: 101.0 was meant as "101".
        value = int(value)
    return str(value).strip()


def _boolean(value: object, default: bool) -> tuple[bool, bool]:
    """(value, ok): booleans, 1/0, and yes/no words in English or Chinese."""
    if value is None or value == "":
        return default, True
    if isinstance(value, bool):
        return value, True
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value), True
    text = str(value).strip().lower()
    if text in _TRUE:
        return True, True
    if text in _FALSE:
        return False, True
    return default, False


def _integer(value: object) -> tuple[int | None, bool]:
    """(value, ok): whole numbers, also as text or as an integral float from Excel."""
    if value is None or value == "":
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return value, True
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value), True
        return None, False
    text = str(value).strip()
    if text.lstrip("-").isdigit():
        return int(text), True
    return None, False
