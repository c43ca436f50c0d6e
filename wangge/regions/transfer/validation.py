"""Checking a region file against itself and the database before anything is written.

Every rule is checked for every feature, so one run reports every offending feature:
duplicate codes, existing codes (create mode) or moved regions (upsert mode), unknown or
missing parents, levels out of order, codes not extending their parent's code, features
outside the importer's area, unusable or invalid boundaries, children outside their
parent (also database children of an updated boundary) and overlapping siblings (also
against siblings already in the database). Database reads go by chunks of codes, or by
one scan when the file holds more codes than the table; never one query per feature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.utils.translation import gettext as _

from wangge.regions import levels
from wangge.regions.levels import Level
from wangge.regions.models import Region
from wangge.regions.transfer import geometry
from wangge.regions.transfer.records import Mode, Problem, RegionRecord

# Codes per `IN (…)` query: well under SQLite's limit on query parameters.
_CHUNK = 2000

Progress = Callable[[str, int, int], None]


@dataclass
class KnownRegion:
    """A region already in the database, as far as an import needs to know it."""

    id: int
    code: str
    level: str
    parent_code: str | None
    path: str
    name: str = ""
    kind: str = ""
    boundary: dict | None = None
    shape: object = None


@dataclass
class ImportPlan:
    """What an import would write: new records in tree order and updates; or its problems."""

    create: list[RegionRecord] = field(default_factory=list)
    update: list[tuple[RegionRecord, KnownRegion]] = field(default_factory=list)
    unchanged: int = 0
    known_ids: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def plan_import(
    records: list[RegionRecord],
    *,
    mode: str = Mode.CREATE,
    within: tuple[str, ...] | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Check every record; return the plan, whose `problems` list is empty only when all pass.

    `within`: region paths the importer administers (None: everywhere); a feature whose
    place in the tree lies outside them is refused.
    """
    tick = _ticker(progress, _("Checking"), len(records))
    by_code = _first_by_code(records)
    unique = list(by_code.values())
    outside_parents = {r.parent for r in unique if r.parent and r.parent not in by_code}
    existing = _known(by_code.keys(), with_details=mode == Mode.UPSERT)
    db_parents = _known(outside_parents, with_details=True)

    for record in sorted(unique, key=_tree_order):
        _check_place(record, by_code, existing, db_parents, mode, within)
        tick(1)
    _check_boundaries(unique, by_code, existing, db_parents, mode)

    plan = ImportPlan(problems=_problems(records))
    if plan.problems:
        return plan
    plan.known_ids = {k.code: k.id for k in (*existing.values(), *db_parents.values())}
    for record in sorted(unique, key=_tree_order):
        known = existing.get(record.code)
        if known is None:
            plan.create.append(record)
        elif (known.name, known.kind, known.boundary) == (
            record.name,
            record.kind,
            record.geometry,
        ):
            plan.unchanged += 1
        else:
            plan.update.append((record, known))
    return plan


def _tree_order(record: RegionRecord) -> tuple[int, int]:
    """Parents before children: by level, then by place in the file."""
    rank = levels.depth(record.level) if record.level else len(levels.ORDER)
    return rank, record.position


def _first_by_code(records: list[RegionRecord]) -> dict[str, RegionRecord]:
    first: dict[str, RegionRecord] = {}
    for record in records:
        if record.code is None:
            continue
        if record.code in first:
            record.add(
                "duplicate_in_file",
                _("duplicate code: also at %(where)s")
                % {"where": first[record.code].where},
            )
        else:
            first[record.code] = record
    return first


def _check_place(
    record: RegionRecord,
    by_code: dict[str, RegionRecord],
    existing: dict[str, KnownRegion],
    db_parents: dict[str, KnownRegion],
    mode: str,
    within: tuple[str, ...] | None,
) -> None:
    """The rules about where a record sits in the tree; sets `record.path` when it can."""
    known = existing.get(record.code)
    if known is not None and mode == Mode.CREATE:
        record.add(
            "duplicate_in_database",
            _(
                "code already exists in the database (import with mode “upsert” to update it)"
            ),
        )
    elif (
        known is not None
        and record.level
        and (known.level, known.parent_code)
        != (
            record.level,
            record.parent,
        )
    ):
        record.add(
            "moved",
            _(
                "already in the database as a %(level)s under %(parent)s; "
                "an import does not move regions or change their level"
            )
            % {"level": _label(known.level), "parent": known.parent_code or "-"},
        )
    if record.parent is None:
        parent_level, parent_path = None, ""
        if record.level and record.level != Level.CITY:
            record.add("parent_missing", _("only the city has no parent"))
            return
    elif record.parent in by_code:
        parent = by_code[record.parent]
        parent_level, parent_path = parent.level, parent.path
    elif record.parent in db_parents:
        parent = db_parents[record.parent]
        parent_level, parent_path = parent.level, parent.path
    else:
        record.add(
            "parent_unknown",
            _("unknown parent %(parent)s: neither in the file nor in the database")
            % {"parent": record.parent},
        )
        return
    if not record.level:
        return
    if record.parent is not None and not parent_level:
        return  # the parent's level is unknown: reported there
    if parent_level is not None and levels.child_level(parent_level) != record.level:
        record.add(
            "level_order",
            _("a %(level)s cannot lie under the %(parent_level)s %(parent)s")
            % {
                "level": _label(record.level),
                "parent_level": _label(parent_level),
                "parent": record.parent,
            },
        )
    elif not levels.code_matches_parent(record.code, record.level, record.parent):
        record.add(
            "code_prefix",
            _(
                "a %(level)s code has %(length)d digits and extends its parent's code %(parent)s"
            )
            % {
                "level": _label(record.level),
                "length": levels.CODE_LENGTH[record.level],
                "parent": record.parent or "-",
            },
        )
    if record.parent is not None and not parent_path:
        return  # the parent is itself misplaced: already reported there
    record.path = known.path if known else Region.build_path(record.code, parent_path)
    if within is not None and not any(record.path.startswith(root) for root in within):
        record.add("outside_area", _("lies outside the area you administer"))


def _check_boundaries(
    unique: list[RegionRecord],
    by_code: dict[str, RegionRecord],
    existing: dict[str, KnownRegion],
    db_parents: dict[str, KnownRegion],
    mode: str,
) -> None:
    """Usable and valid shapes, children inside parents, siblings apart."""
    with_geometry = []
    for record in unique:
        if record.geometry is not None:
            with_geometry.append(record)
        elif record.level == Level.CELL and not _has(record, "geometry"):
            record.add("geometry", _("a grid cell needs a boundary"))
    shapes, unusable = geometry.shapes_from_geojson([r.geometry for r in with_geometry])
    for record, shape in zip(with_geometry, shapes, strict=True):
        record.shape = shape
    for index, reason in unusable.items():
        with_geometry[index].add("geometry", reason)
    shaped = [r for r in unique if r.shape is not None]
    reasons = geometry.invalid_reasons(
        np.array([r.shape for r in shaped], dtype=object)
    )
    for index, reason in reasons.items():
        shaped[index].add(
            "geometry",
            _("the boundary is not a valid polygon: %(reason)s") % {"reason": reason},
        )
        shaped[index].shape = None
    _attach_shapes(list(db_parents.values()))
    shaped = [r for r in unique if r.shape is not None]

    # A child inside its parent, whether the parent is in the file or in the database.
    pairs = []
    for record in shaped:
        parent = by_code.get(record.parent) or db_parents.get(record.parent)
        if parent is not None and parent.shape is not None:
            pairs.append((record, parent.shape))
    shares = geometry.outside_shares(
        np.array([r.shape for r, _s in pairs], dtype=object),
        np.array([s for _r, s in pairs], dtype=object),
    )
    for (record, _shape), share in zip(pairs, shares, strict=True):
        if share:
            record.add(
                "outside_parent",
                _("lies outside its parent %(parent)s (%(share)s of its area)")
                % {"parent": record.parent, "share": f"{share:.1%}"},
            )

    # Regions already in the database under the parents and regions of the file.
    context_parents = {r.parent for r in shaped if r.parent and r.parent not in by_code}
    if mode == Mode.UPSERT:
        context_parents |= {r.code for r in shaped if r.code in existing}
    context = _known_children(context_parents, exclude=by_code.keys())
    _check_known_children_inside(shaped, existing, context)
    _check_siblings(shaped, context)


def _check_known_children_inside(
    shaped: list[RegionRecord],
    existing: dict[str, KnownRegion],
    context: list[KnownRegion],
) -> None:
    """An updated boundary must still hold the children the file does not replace."""
    updated = {r.code: r for r in shaped if r.code in existing}
    pairs = [
        (child, updated[child.parent_code])
        for child in context
        if child.parent_code in updated
    ]
    shares = geometry.outside_shares(
        np.array([child.shape for child, _r in pairs], dtype=object),
        np.array([r.shape for _c, r in pairs], dtype=object),
    )
    for (child, record), share in zip(pairs, shares, strict=True):
        if share:
            record.add(
                "children_outside",
                _(
                    "the new boundary leaves %(child)s, already in the database, outside it"
                )
                % {"child": child.code},
            )


def _check_siblings(shaped: list[RegionRecord], context: list[KnownRegion]) -> None:
    """Siblings (same parent) may touch but not overlap, in the file or in the database."""
    members: list[RegionRecord | KnownRegion] = [*shaped, *context]
    group_of: dict[tuple, int] = {}
    groups = np.array(
        [group_of.setdefault(_siblings_key(m), len(group_of)) for m in members]
    )
    shapes = np.array([m.shape for m in members], dtype=object)
    for i, j in geometry.overlapping_pairs(shapes, groups):
        for this, other in ((members[i], members[j]), (members[j], members[i])):
            if not isinstance(this, RegionRecord):
                continue
            if isinstance(other, RegionRecord):
                message = _("overlaps its sibling %(other)s")
            else:
                message = _("overlaps its sibling %(other)s, already in the database")
            this.add("sibling_overlap", message % {"other": other.code})


def _siblings_key(member: RegionRecord | KnownRegion) -> tuple[str | None, str]:
    parent = member.parent if isinstance(member, RegionRecord) else member.parent_code
    return parent, member.level


def _label(level: str) -> str:
    return str(Level(level).label)


def _has(record: RegionRecord, rule: str) -> bool:
    return any(problem.rule == rule for problem in record.problems)


def _problems(records: list[RegionRecord]) -> list[Problem]:
    return [problem for record in records for problem in record.problems]


def _known(codes: Iterable[str], *, with_details: bool) -> dict[str, KnownRegion]:
    """Regions already in the database among these codes."""
    fields = ["id", "code", "level", "parent__code", "path"]
    if with_details:
        fields += ["name", "kind", "boundary"]
    return {row[1]: KnownRegion(*row) for row in _rows_where(fields, "code", codes)}


def _rows_where(
    fields: list[str], field: str, values: Iterable[str]
) -> Iterator[tuple]:
    """Region rows (these fields) whose `field` is one of `values`.

    Chunked `IN (…)` queries; or one scan when the values outnumber the table, so that a
    first import into an empty database reads nothing.
    """
    values = set(values)
    if not values:
        return
    rows = Region.objects.values_list(*fields)
    if len(values) >= Region.objects.count():
        column = fields.index(field)
        yield from (row for row in rows.iterator(_CHUNK) if row[column] in values)
        return
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        yield from rows.filter(**{f"{field}__in": ordered[start : start + _CHUNK]})


def _known_children(parent_codes: Iterable[str], *, exclude) -> list[KnownRegion]:
    """Database children of these parents that the file does not carry, with their shapes."""
    rows = _rows_where(["code", "parent__code"], "parent__code", parent_codes)
    wanted = [code for code, _parent in rows if code not in exclude]
    children = list(_known(wanted, with_details=True).values())
    _attach_shapes(children)
    return [child for child in children if child.shape is not None]


def _attach_shapes(known: list[KnownRegion]) -> None:
    """Shapes of stored boundaries; None when missing or unusable (not the file's fault)."""
    stored = [k for k in known if isinstance(k.boundary, dict)]
    shapes, _unusable = geometry.shapes_from_geojson([k.boundary for k in stored])
    valid = shapely.is_valid(shapes)  # False for None
    for region, shape, ok in zip(stored, shapes, valid, strict=True):
        region.shape = shape if ok else None


def _ticker(progress: Progress | None, step: str, total: int) -> Callable[[int], None]:
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None and (done % 1000 == 0 or done == total):
            progress(step, done, total)

    return tick
