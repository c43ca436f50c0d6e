"""Checking the rows of a historical import (cases from before the platform, or from another
system): one row of a CSV or Excel sheet in, a clean `HistoryRow` or the errors by field out.

Pure: no ORM, no request, no settings. What a row refers to (categories, cells,
departments, the importer's jurisdiction, a point's cell) is looked up in a `Lookups` the
caller fills once per file, so a row costs a few dictionary reads. Messages are translated
in the active language; none of them repeats a value of the row, so the report of rejected
rows holds no personal data.

The states a historical case may have are those that make sense for a case whose handling
happened elsewhere: `closed` (the whole lifecycle, reported to verified), `rejected` (not
accepted), and `registered` (accepted but never dispatched: it lands at its node's desk,
its dispatch clock running from the registration).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from django.utils.translation import gettext as _

from wangge.cases.workflow import CaseState

# The columns a file may carry, by their names; Chinese headers are read as the same.
COLUMNS: tuple[str, ...] = (
    "source_number",
    "number",
    "category",
    "description",
    "cell",
    "lon",
    "lat",
    "address",
    "channel",
    "priority",
    "reporter_name",
    "reporter_phone",
    "state",
    "node",
    "department",
    "handling_unit",
    "reported_at",
    "registered_at",
    "dispatched_at",
    "accepted_at",
    "handled_at",
    "closed_at",
    "satisfaction",
    "note",
)
HEADER_ALIASES: dict[str, str] = {
    "来源编号": "source_number",
    "原编号": "source_number",
    "案件编号": "number",
    "类别": "category",
    "类别编码": "category",
    "问题描述": "description",
    "描述": "description",
    "网格": "cell",
    "网格编码": "cell",
    "经度": "lon",
    "纬度": "lat",
    "地址": "address",
    "渠道": "channel",
    "来源渠道": "channel",
    "紧急程度": "priority",
    "反映人": "reporter_name",
    "反映人电话": "reporter_phone",
    "状态": "state",
    "平台节点": "node",
    "处置部门": "department",
    "处置单位": "handling_unit",
    "上报时间": "reported_at",
    "立案时间": "registered_at",
    "派遣时间": "dispatched_at",
    "签收时间": "accepted_at",
    "处置完成时间": "handled_at",
    "结案时间": "closed_at",
    "满意度": "satisfaction",
    "备注": "note",
}
REQUIRED_COLUMNS = ("source_number", "category", "description", "channel", "state")

HISTORY_STATES: tuple[str, ...] = (
    CaseState.CLOSED,
    CaseState.REJECTED,
    CaseState.REGISTERED,
)
# The lifecycle instants in the order a case reaches them.
INSTANTS: tuple[str, ...] = (
    "reported_at",
    "registered_at",
    "dispatched_at",
    "accepted_at",
    "handled_at",
    "closed_at",
)
# The instants each state needs, and those it may not have. An accepted time left out of
# a closed case is its dispatch time (old systems often did not record the acceptance).
_NEEDED = {
    CaseState.CLOSED: (
        "reported_at",
        "registered_at",
        "dispatched_at",
        "handled_at",
        "closed_at",
    ),
    CaseState.REJECTED: ("reported_at", "closed_at"),
    CaseState.REGISTERED: ("reported_at", "registered_at"),
}
_ABSENT = {
    CaseState.CLOSED: (),
    CaseState.REJECTED: (
        "registered_at",
        "dispatched_at",
        "accepted_at",
        "handled_at",
    ),
    CaseState.REGISTERED: ("dispatched_at", "accepted_at", "handled_at", "closed_at"),
}
MAX_LENGTHS = {
    "source_number": 40,
    "number": 20,
    "description": 4000,
    "address": 200,
    "reporter_name": 64,
    "reporter_phone": 20,
    "note": 1000,
}
_PHONE_CHARACTERS = frozenset("0123456789+-() ")


@dataclass(frozen=True)
class CellRef:
    """A grid cell as a row needs it: its id, path and the ids of the regions above it."""

    pk: int
    code: str
    path: str
    # The platform nodes on its path, by code: community, township, district, city.
    nodes: Mapping[str, int]
    community_pk: int
    # A point inside it, for a row that names the cell but gives no coordinates.
    lon: float
    lat: float


@dataclass(frozen=True)
class UnitRef:
    """A handling unit a row may name: a department (with its region's path) or a region."""

    pk: int
    code: str
    path: str
    is_department: bool


@dataclass
class Lookups:
    """Everything a file's rows refer to, read once by the caller."""

    categories: Mapping[str, int]
    cells: Mapping[str, CellRef]
    departments: Mapping[str, UnitRef]
    territorial_units: Mapping[str, UnitRef]
    # The cell code of a WGS-84 point, or None outside every cell.
    locate: Callable[[float, float], str | None]
    # Whether a region path lies inside the importer's jurisdiction.
    covers: Callable[[str], bool]
    channels: frozenset[str]
    priorities: frozenset[str]
    satisfactions: frozenset[str]
    zone: tzinfo
    now: datetime


@dataclass
class HistoryRow:
    """A checked row, ready to be written."""

    line: int
    source_number: str
    number: str
    category_id: int
    description: str
    cell: CellRef
    lon: float
    lat: float
    address: str
    channel: str
    priority: str
    reporter_name: str
    reporter_phone: str
    state: str
    node_pk: int
    department_pk: int | None
    department_code: str
    region_pk: int | None
    region_code: str
    instants: dict[str, datetime | None] = field(default_factory=dict)
    satisfaction: str = ""
    note: str = ""


@dataclass(frozen=True)
class RowError:
    """One reason a row is not imported: its line in the file, the column, why."""

    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.line, "field": self.field, "message": self.message}


def canonical_header(name: object) -> str:
    """The column a header names, or its cleaned text when it names none."""
    text = str(name or "").strip().lstrip("\ufeff").strip()
    return HEADER_ALIASES.get(text, text.lower())


def header_errors(headers: list[str]) -> list[RowError]:
    """What is wrong with a file's first row: required columns missing, a place missing."""
    present = set(headers)
    errors = [
        RowError(
            1, column, _("The file has no column “%(column)s”.") % {"column": column}
        )
        for column in REQUIRED_COLUMNS
        if column not in present
    ]
    if "cell" not in present and not {"lon", "lat"} <= present:
        errors.append(
            RowError(
                1,
                "cell",
                _("The file needs a column “cell”, or the columns “lon” and “lat”."),
            )
        )
    if "reported_at" not in present:
        errors.append(
            RowError(
                1,
                "reported_at",
                _("The file has no column “%(column)s”.") % {"column": "reported_at"},
            )
        )
    return errors


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # A number typed into a spreadsheet cell (a code, a phone number) comes back a float.
        return str(int(value))
    return str(value).strip()


def parse_instant(value: object, zone: tzinfo) -> datetime | None:
    """A time of the file as an aware datetime; naive times are in the platform's zone.

    Accepts what spreadsheets and old systems write: `2024-03-01 08:30[:00]`, with `/` or
    `T`, an ISO offset, or a spreadsheet's own date-time. Raises ValueError otherwise.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = str(value).strip()
        if not text:
            return None
        moment = datetime.fromisoformat(text.replace("/", "-"))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment


def row_check(
    line: int, raw: Mapping[str, object], lookups: Lookups
) -> HistoryRow | list[RowError]:
    """Check one row (`raw`: column → value); the clean row, or every error found in it."""
    errors: list[RowError] = []

    def fail(name: str, message: str) -> None:
        errors.append(RowError(line, name, message))

    text = {name: _text(raw.get(name)) for name in COLUMNS}
    for name, limit in MAX_LENGTHS.items():
        if len(text[name]) > limit:
            fail(
                name,
                _("At most %(n)d characters.") % {"n": limit},
            )
            text[name] = ""
    for name in ("source_number", "description"):
        if not text[name] and not any(e.field == name for e in errors):
            fail(name, _("This column may not be empty."))
    category_id = lookups.categories.get(text["category"])
    if category_id is None:
        fail("category", _("There is no active case category with this code."))
    if text["channel"] not in lookups.channels:
        fail("channel", _("Unknown channel."))
    priority = text["priority"] or "normal"
    if priority not in lookups.priorities:
        fail("priority", _("Unknown priority."))
    state = text["state"]
    if state not in HISTORY_STATES:
        fail(
            "state",
            _("A historical case is closed, rejected or registered."),
        )
    phone = text["reporter_phone"]
    if phone and not set(phone) <= _PHONE_CHARACTERS:
        fail("reporter_phone", _("A phone number holds digits only."))
    satisfaction = text["satisfaction"]
    if satisfaction and satisfaction not in lookups.satisfactions:
        fail("satisfaction", _("Choose satisfied, basically satisfied or unsatisfied."))
    elif satisfaction and state in HISTORY_STATES and state != CaseState.CLOSED:
        fail("satisfaction", _("Only a closed case can be rated."))

    cell, lon, lat = _place(text, lookups, fail)
    node_pk = None
    if cell is not None:
        node_pk = _node(text["node"], cell, fail)
    department, region = _unit(text, cell, state, lookups, fail)
    instants = _instants(raw, state, lookups, fail)
    if errors:
        return errors
    return HistoryRow(
        line=line,
        source_number=text["source_number"],
        number=text["number"],
        category_id=category_id,
        description=text["description"],
        cell=cell,
        lon=lon,
        lat=lat,
        address=text["address"],
        channel=text["channel"],
        priority=priority,
        reporter_name=text["reporter_name"],
        reporter_phone=phone,
        state=state,
        node_pk=node_pk,
        department_pk=department.pk if department else None,
        department_code=department.code if department else "",
        region_pk=region.pk if region else None,
        region_code=region.code if region else "",
        instants=instants,
        satisfaction=satisfaction,
        note=text["note"],
    )


def _place(text, lookups: Lookups, fail):
    """The row's cell and point: from the cell code (its centre, unless a point is given
    too, which must lie in it), or from the point alone."""
    lon = lat = None
    if text["lon"] or text["lat"]:
        try:
            lon, lat = float(text["lon"]), float(text["lat"])
        except ValueError:
            fail("lon", _("Longitude and latitude must be numbers."))
            return None, None, None
        if not (
            math.isfinite(lon)
            and math.isfinite(lat)
            and -180 <= lon <= 180
            and -90 <= lat <= 90
        ):
            fail("lon", _("The coordinates are out of range."))
            return None, None, None
    code = text["cell"]
    if code and lon is not None and lookups.locate(lon, lat) != code:
        fail("lon", _("The point does not lie in the grid cell given."))
        return None, None, None
    if not code:
        if lon is None:
            fail("cell", _("Give the grid cell, or the longitude and latitude."))
            return None, None, None
        code = lookups.locate(lon, lat)
        if code is None:
            fail("lon", _("The point lies outside every grid cell of the city."))
            return None, None, None
    cell = lookups.cells.get(code)
    if cell is None:
        fail("cell", _("There is no grid cell with this code."))
        return None, None, None
    if not lookups.covers(cell.path):
        fail("cell", _("This place lies outside your jurisdiction."))
        return None, None, None
    if lon is None:
        lon, lat = cell.lon, cell.lat
    return cell, lon, lat


def _node(code: str, cell: CellRef, fail) -> int | None:
    if not code:
        return cell.community_pk
    pk = cell.nodes.get(code)
    if pk is None:
        fail(
            "node",
            _(
                "The platform node must be the community, township, district or city of the place."
            ),
        )
    return pk


def _unit(text, cell: CellRef | None, state: str, lookups: Lookups, fail):
    """The handling unit of a closed case: a department, or a territorial unit; by default
    the community of its cell."""
    department_code, unit_code = text["department"], text["handling_unit"]
    if state != CaseState.CLOSED:
        if department_code or unit_code:
            fail("department", _("Only a dispatched case has a handling unit."))
        return None, None
    if department_code and unit_code:
        fail("handling_unit", _("Give a department or a handling unit, not both."))
        return None, None
    if cell is None:
        return None, None
    if department_code:
        department = lookups.departments.get(department_code)
        if department is None or not cell.path.startswith(department.path):
            fail(
                "department",
                _(
                    "Choose a department of the city or of the district the case lies in."
                ),
            )
            return None, None
        return department, None
    code = unit_code or next(
        (c for c, pk in cell.nodes.items() if pk == cell.community_pk), ""
    )
    unit = lookups.territorial_units.get(code)
    if unit is None or not cell.path.startswith(unit.path):
        fail(
            "handling_unit",
            _("Choose the community, township or grid cell the case lies in."),
        )
        return None, None
    return None, unit


def _instants(raw, state: str, lookups: Lookups, fail) -> dict[str, datetime | None]:
    instants: dict[str, datetime | None] = {}
    for name in INSTANTS:
        try:
            instants[name] = parse_instant(raw.get(name), lookups.zone)
        except (ValueError, TypeError):
            fail(name, _("Write the time as 2024-03-01 08:30."))
            instants[name] = None
    if state not in _NEEDED:
        return instants
    for name in _NEEDED[state]:
        if instants[name] is None and not _has_value(raw.get(name)):
            fail(name, _("A case in this state needs this time."))
    for name in _ABSENT[state]:
        if instants[name] is not None:
            fail(name, _("A case in this state has no such time."))
    if state == CaseState.CLOSED and instants["accepted_at"] is None:
        instants["accepted_at"] = instants["dispatched_at"]
    known = [(name, instants[name]) for name in INSTANTS if instants[name] is not None]
    for (_before, earlier), (name, later) in zip(known, known[1:], strict=False):
        if later < earlier:
            fail(name, _("This time lies before the step that comes before it."))
    for name, moment in known:
        if moment > lookups.now:
            fail(name, _("This time lies in the future."))
            break
    return instants


def _has_value(value: object) -> bool:
    return value is not None and str(value).strip() != ""
