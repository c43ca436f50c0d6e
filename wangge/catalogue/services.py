"""Writes of the catalogue, and the one check of a report's answers to a category's extra questions.

`category_validate_attributes` is what case intake calls. `catalogue_import` checks a whole
file first and then writes all of it or nothing, upserting by code. The writers take an app
registry so the data migration that ships the default catalogue runs them on its
historical models.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.catalogue.choices import AttributeType
from wangge.catalogue.exceptions import CatalogueImportError
from wangge.catalogue.formats import CatalogueFileError, read_catalogue
from wangge.catalogue.models import Attribute, Category
from wangge.catalogue.records import (
    CategoryRecord,
    RowError,
    StoredCategory,
    cells,
    check_columns,
    check_records,
    parse_rows,
)
from wangge.core import clock

DATA_DIR = Path(__file__).resolve().parent / "data"
# The shipped catalogue, loaded by migration 0002 in this order.
DEFAULT_FILES: tuple[str, ...] = ("digital_city.json", "zhengzhou_campaign_2012.json")
MAX_TEXT_LENGTH = 1000


def category_validate_attributes(category: Category, values: Mapping | None) -> dict:
    """Check a report's answers to the category's extra questions; return them typed.

    Raises a ValidationError whose dict names each attribute code at fault: a required one
    missing, an unknown code, a value of the wrong type or not among the choices. Values
    come back as str, float, int, bool or datetime.date (store them with DjangoJSONEncoder).
    """
    if values is None:
        values = {}
    if not isinstance(values, Mapping):
        raise ValidationError(
            {"attributes": _("Give the attributes as an object of code: value.")}
        )
    attributes = {a.code: a for a in category.attributes.all()}
    errors: dict[str, ValidationError] = {}
    for code in values:
        if code not in attributes:
            errors[str(code)] = ValidationError(
                _(
                    "Unknown attribute: category %(category)s has no question “%(code)s”."
                ),
                code="unknown",
                params={"category": category.code, "code": code},
            )
    cleaned: dict = {}
    for code, attribute in attributes.items():
        raw = values.get(code)
        if _is_blank(raw):
            if attribute.required:
                errors[code] = ValidationError(
                    _("%(label)s is required."),
                    code="required",
                    params={"label": attribute.label},
                )
            continue
        try:
            cleaned[code] = _clean_value(attribute, raw)
        except ValidationError as exc:
            errors[code] = exc
    if errors:
        raise ValidationError(errors)
    return cleaned


def _is_blank(value: object) -> bool:
    return (
        value is None or (isinstance(value, str) and not value.strip()) or value == []
    )


def _clean_value(attribute: Attribute, value: object) -> object:
    params = {"label": attribute.label}
    kind = attribute.type
    if kind == AttributeType.TEXT:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationError(
                _("%(label)s must be text."), code="invalid", params=params
            )
        text = str(value).strip()
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError(
                _("%(label)s may have at most %(max)s characters."),
                code="max_length",
                params={**params, "max": MAX_TEXT_LENGTH},
            )
        return text
    if kind == AttributeType.INTEGER:
        number = _to_number(value)
        if number is None or not number.is_integer():
            raise ValidationError(
                _("%(label)s must be a whole number."), code="invalid", params=params
            )
        return int(number)
    if kind == AttributeType.NUMBER:
        number = _to_number(value)
        if number is None:
            raise ValidationError(
                _("%(label)s must be a number."), code="invalid", params=params
            )
        return number
    if kind == AttributeType.BOOLEAN:
        answer, ok = cells.boolean(value, False)
        if ok:
            return answer
        raise ValidationError(
            _("%(label)s must be yes or no."), code="invalid", params=params
        )
    if kind == AttributeType.DATE:
        return _to_date(value, params)
    if kind == AttributeType.CHOICE:
        text = value.strip() if isinstance(value, str) else None
        if text not in (attribute.choices or []):
            raise ValidationError(
                _("%(label)s must be one of: %(choices)s."),
                code="invalid_choice",
                params={**params, "choices": ", ".join(attribute.choices or [])},
            )
        return text
    raise ValidationError(
        _("%(label)s has an unknown type."), code="invalid", params=params
    )  # unreachable while the type column is constrained


def _to_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _to_date(value: object, params: dict) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(
        _("%(label)s must be a date written YYYY-MM-DD."), code="invalid", params=params
    )


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: codes created and codes updated."""

    created: tuple[str, ...]
    updated: tuple[str, ...]


def catalogue_check(data: bytes, fmt: str, *, apps=global_apps) -> list[CategoryRecord]:
    """Read and check a whole catalogue file; raise `CatalogueImportError` listing every bad row."""
    try:
        file = read_catalogue(data, fmt)
    except CatalogueFileError as exc:
        raise CatalogueImportError([RowError(0, "", "file", str(exc))]) from exc
    if file.columns is not None:
        header_errors = check_columns(file.columns)
        if header_errors:
            # Without a sound header no cell can be trusted to be in its column.
            raise CatalogueImportError(header_errors)
    records, errors = parse_rows(file.rows)
    if not file.rows:
        errors.append(RowError(0, "", "file", _("The file holds no categories.")))
    errors += check_records(records, _stored(apps))
    if errors:
        raise CatalogueImportError(sorted(errors, key=lambda e: e.row))
    return records


def catalogue_import(data: bytes, fmt: str, *, apps=global_apps) -> ImportResult:
    """Check a catalogue file (xlsx, csv or json) and upsert all its categories by code.

    All or nothing: any bad row raises `CatalogueImportError` with every bad row and writes
    nothing. Categories absent from the file are left as they are.
    """
    with transaction.atomic():
        records = catalogue_check(data, fmt, apps=apps)
        return catalogue_write(records, apps=apps)


def catalogue_write(records: list[CategoryRecord], *, apps=global_apps) -> ImportResult:
    """Upsert checked records by code, majors before minors, in one transaction.

    Each record replaces its category's attributes and default units: the file is the
    whole truth for every category it lists. One UPDATE per stored category, bulk inserts
    for the rest: the whole shipped catalogue takes well under a second.
    """
    category_model = apps.get_model("catalogue", "Category")
    attribute_model = apps.get_model("catalogue", "Attribute")
    unit_model = apps.get_model("catalogue", "DefaultHandlingUnit")
    codes = [r.code for r in records]
    with transaction.atomic():
        existing = {c.code: c for c in category_model.objects.filter(code__in=codes)}
        created = [r.code for r in records if r.code not in existing]
        majors = [r for r in records if r.is_major]
        minors = [r for r in records if not r.is_major]
        by_code = _upsert_categories(category_model, majors, existing, {})
        parents = {
            c.code: c
            for c in category_model.objects.filter(
                code__in={r.parent for r in minors}, parent__isnull=True
            )
        }
        by_code |= _upsert_categories(category_model, minors, existing, parents)
        touched = [by_code[code].pk for code in codes]
        attribute_model.objects.filter(category_id__in=touched).delete()
        unit_model.objects.filter(category_id__in=touched).delete()
        attribute_model.objects.bulk_create(
            attribute_model(
                category_id=by_code[r.code].pk,
                code=a.code,
                label=a.label,
                type=a.type,
                choices=list(a.choices),
                required=a.required,
                help_text=a.help,
                position=position,
            )
            for r in records
            for position, a in enumerate(r.attributes, start=1)
        )
        unit_model.objects.bulk_create(
            unit_model(category_id=by_code[r.code].pk, level=level, unit=unit)
            for r in records
            for level, unit in r.default_units.items()
        )
    updated = [code for code in codes if code not in set(created)]
    return ImportResult(tuple(created), tuple(updated))


def _upsert_categories(model, records, existing: dict, parents: dict) -> dict:
    """Create the new categories and update the stored ones; return them all by code."""
    new = []
    now = clock.now()
    for record in records:
        fields = _category_fields(record, parents.get(record.parent))
        if record.code in existing:
            # One plain UPDATE per row: bulk_update's CASE expressions cost far more here.
            model.objects.filter(pk=existing[record.code].pk).update(
                **fields, updated_at=now
            )
        else:
            new.append(model(code=record.code, **fields))
    model.objects.bulk_create(new)
    # bulk_create sets primary keys on PostgreSQL only; read them back for every backend.
    return {c.code: c for c in model.objects.filter(code__in=[r.code for r in records])}


def catalogue_load_defaults(*, apps=global_apps) -> ImportResult:
    """Upsert the shipped catalogue (national classes and the 2012 Zhengzhou campaign) by code."""
    records: list[CategoryRecord] = []
    for name in DEFAULT_FILES:
        records += catalogue_check((DATA_DIR / name).read_bytes(), "json", apps=apps)
    return catalogue_write(records, apps=apps)


def catalogue_unload_defaults(*, apps=global_apps) -> int:
    """Delete the shipped categories (minor ones first); the reverse of the data migration."""
    category_model = apps.get_model("catalogue", "Category")
    codes = {
        str(row["code"])
        for name in DEFAULT_FILES
        for _number, row in read_catalogue((DATA_DIR / name).read_bytes(), "json").rows
    }
    with transaction.atomic():
        minors, _detail = category_model.objects.filter(
            code__in=codes, parent__isnull=False
        ).delete()
        majors, _detail = category_model.objects.filter(
            code__in=codes, parent__isnull=True, children__isnull=True
        ).delete()
    return minors + majors


def _stored(apps) -> dict[str, StoredCategory]:
    category_model = apps.get_model("catalogue", "Category")
    return {
        code: StoredCategory(kind, parent or "")
        for code, kind, parent in category_model.objects.values_list(
            "code", "kind", "parent__code"
        )
    }


def _category_fields(record: CategoryRecord, parent) -> dict:
    return {
        "parent": parent,
        "kind": record.kind,
        "name": record.name,
        "description": record.description,
        "is_active": record.is_active,
        "source": record.source,
        "registration_conditions": record.registration_conditions,
        "closing_conditions": record.closing_conditions,
        "limit_amount": record.limit_amount,
        "limit_unit": record.limit_unit,
        "urgent_limit_amount": record.urgent_limit_amount,
        "urgent_limit_unit": record.urgent_limit_unit,
        "responsibility": record.responsibility,
        "territorial_level": record.territorial_level,
        "department_kind": record.department_kind,
        "department_level": record.department_level,
    }
