"""Checking rows against each other and against the stored catalogue: codes, levels, kinds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wangge.catalogue.records.fields import CategoryRecord, RowError


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
