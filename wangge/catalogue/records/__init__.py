"""Catalogue rows as files carry them, and every check a row must pass before anything is written.

One flat row per category, the same fields in xlsx, CSV and JSON. CSV and xlsx cells arrive
as text (or whatever Excel made of them); JSON values arrive typed. `parse_rows` turns them
into `CategoryRecord`s and `check_records` checks them against each other and against the
categories already stored. Pure: no ORM, so every rule here is tested without a database.
"""

from wangge.catalogue.records.fields import (
    ATTRIBUTE_FIELDS,
    FIELD_LABELS,
    FIELDS,
    REQUIRED_FIELDS,
    UNIT_FIELDS,
    AttributeRecord,
    CategoryRecord,
    RowError,
    derive_default_units,
)
from wangge.catalogue.records.rows import check_columns, parse_row, parse_rows
from wangge.catalogue.records.tree import StoredCategory, check_records

__all__ = [
    "ATTRIBUTE_FIELDS",
    "FIELDS",
    "FIELD_LABELS",
    "REQUIRED_FIELDS",
    "UNIT_FIELDS",
    "AttributeRecord",
    "CategoryRecord",
    "RowError",
    "StoredCategory",
    "check_columns",
    "check_records",
    "derive_default_units",
    "parse_row",
    "parse_rows",
]
