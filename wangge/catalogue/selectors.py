"""Reads of the catalogue: one category for intake, the tree for clients, rows for export.

The catalogue is public reference data (the same for every user), so nothing here is
scoped by jurisdiction; who may change it is `catalogue.permissions`.
"""

from __future__ import annotations

from time import monotonic

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from wangge.catalogue.exceptions import CategoryNotFound
from wangge.catalogue.formats import write_catalogue
from wangge.catalogue.models import Attribute, Category, DefaultHandlingUnit, TimeLimit
from wangge.catalogue.records import (
    AttributeRecord,
    CategoryRecord,
    derive_default_units,
)
from wangge.regions.levels import PLATFORM_LEVELS


def _with_details(queryset: QuerySet[Category]) -> QuerySet[Category]:
    return queryset.select_related("parent").prefetch_related(
        Prefetch("attributes", queryset=Attribute.objects.order_by("position", "id")),
        Prefetch("default_units", queryset=DefaultHandlingUnit.objects.all()),
    )


# Categories read for intake, kept per process for a few seconds: intake reads the same
# few categories thousands of times an hour, and a catalogue edit shows within the TTL.
_recent: dict[str, tuple[float, Category]] = {}


def category_get_by_code(code: str) -> Category:
    """The active minor category a case may be filed under, with its attributes.

    Cached per process for `WANGGE_CATALOGUE_CACHE_SECONDS`; treat the result as read-only.
    """
    ttl = settings.WANGGE_CATALOGUE_CACHE_SECONDS
    hit = _recent.get(code)
    if hit is not None and hit[0] > monotonic():
        return hit[1]
    category = _category_fresh(code)
    if ttl > 0:
        _recent[code] = (monotonic() + ttl, category)
    return category


def _category_fresh(code: str) -> Category:
    """The active minor category a case may be filed under, with its attributes.

    Raises `CategoryNotFound` (a ValidationError on "category") for an unknown code, a
    major category, or one switched off (itself or its major category).
    """
    category = _with_details(Category.objects.filter(code=code)).first()
    if category is None:
        raise CategoryNotFound(_("There is no category “%(code)s”.") % {"code": code})
    if category.is_major:
        raise CategoryNotFound(
            _("“%(code)s” is a major category; choose one of its minor categories.")
            % {"code": code}
        )
    if not (category.is_active and category.parent.is_active):
        raise CategoryNotFound(
            _("The category “%(code)s” is no longer in use.") % {"code": code}
        )
    return category


def category_default_unit(category: Category, level: str) -> str:
    """Who a platform node of `level` dispatches this category to by default.

    "territorial" or a department line of work: the stored row for that level, else the
    rule of `records.derive_default_units` from the category's responsibility.
    """
    for row in category.default_units.all():
        if row.level == level:
            return row.unit
    return derive_default_units(category.responsibility, category.department_kind)[
        level
    ]


def catalogue_tree(*, kind: str | None = None) -> list[dict]:
    """The active catalogue as a tree: major categories, each with its active minor ones.

    Every minor category carries its code, name, limits, responsibility, default units and
    attributes: what the REST `GET /api/v1/catalog` returns. Four queries in all.
    """
    minors = _with_details(Category.objects.filter(is_active=True)).order_by("code")
    majors = Category.objects.filter(
        parent__isnull=True, is_active=True
    ).prefetch_related(Prefetch("children", queryset=minors, to_attr="active_children"))
    if kind:
        majors = majors.filter(kind=kind)
    return [
        {
            **_summary(major),
            "children": [_minor_node(minor) for minor in major.active_children],
        }
        for major in majors.order_by("code")
        if major.active_children
    ]


def catalogue_minor_get(code: str) -> dict:
    """One active minor category as `catalogue_tree` shows it (raises `CategoryNotFound`)."""
    return _minor_node(category_get_by_code(code))


def catalogue_records(
    queryset: QuerySet[Category] | None = None,
) -> list[CategoryRecord]:
    """Categories as file rows, every major category followed by its minor ones.

    `queryset` narrows the export (e.g. rows selected in the admin); by default everything,
    active or not.
    """
    categories = list(
        _with_details(queryset if queryset is not None else Category.objects.all())
    )
    categories.sort(
        key=lambda c: (
            c.parent.code if c.parent_id else c.code,
            c.parent_id is not None,
            c.code,
        )
    )
    return [_record(number, c) for number, c in enumerate(categories, start=1)]


def catalogue_export(fmt: str, queryset: QuerySet[Category] | None = None) -> bytes:
    """The catalogue (or the categories of `queryset`) as an xlsx, CSV or JSON file."""
    return write_catalogue(
        [record.to_row() for record in catalogue_records(queryset)], fmt
    )


def _summary(category: Category) -> dict:
    return {
        "code": category.code,
        "name": category.name,
        "kind": category.kind,
        "kind_label": str(category.get_kind_display()),
        "description": category.description,
    }


def _minor_node(category: Category) -> dict:
    return {
        **_summary(category),
        "parent": category.parent.code,
        "registration_conditions": category.registration_conditions,
        "closing_conditions": category.closing_conditions,
        "limit": _limit(category.handling_limit),
        "urgent_limit": _limit(category.urgent_limit),
        "responsibility": {
            "type": category.responsibility,
            "label": str(category.get_responsibility_display()),
            "level": category.territorial_level or category.department_level,
            "department_kind": category.department_kind or None,
        },
        "default_units": {
            level: category_default_unit(category, level) for level in PLATFORM_LEVELS
        },
        "attributes": [
            {
                "code": a.code,
                "label": a.label,
                "type": a.type,
                "choices": list(a.choices or []),
                "required": a.required,
                "help": a.help_text,
            }
            for a in category.attributes.all()
        ],
    }


def _limit(limit: TimeLimit | None) -> dict | None:
    if limit is None:
        return None
    return {"amount": limit.amount, "unit": limit.unit, "label": str(limit)}


def _record(number: int, category: Category) -> CategoryRecord:
    units = (
        {level: category_default_unit(category, level) for level in PLATFORM_LEVELS}
        if category.is_minor
        else {}
    )
    return CategoryRecord(
        row=number,
        code=category.code,
        parent=category.parent.code if category.parent_id else "",
        kind=category.kind,
        name=category.name,
        description=category.description,
        is_active=category.is_active,
        source=category.source,
        registration_conditions=category.registration_conditions,
        closing_conditions=category.closing_conditions,
        limit_amount=category.limit_amount,
        limit_unit=category.limit_unit,
        urgent_limit_amount=category.urgent_limit_amount,
        urgent_limit_unit=category.urgent_limit_unit,
        responsibility=category.responsibility,
        territorial_level=category.territorial_level,
        department_kind=category.department_kind,
        department_level=category.department_level,
        default_units=units,
        attributes=tuple(
            AttributeRecord(
                a.code, a.label, a.type, tuple(a.choices or ()), a.required, a.help_text
            )
            for a in category.attributes.all()
        ),
    )
