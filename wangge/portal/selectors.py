"""Reads of the public portal: what anyone may see without an account.

These selectors are the public's jurisdiction: they start from no user and return only
what is public by design, in small read-only records: category names, plain-word states,
counts, coarse points. No reporter's data, no staff member's name or phone, no notes
except what was written for the reporter (the reason a report was not accepted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangge.cases import workflow
from wangge.cases.models import Case, CaseEvent, EventKind
from wangge.catalogue.choices import Kind
from wangge.catalogue.selectors import catalogue_tree
from wangge.portal import codes
from wangge.portal.models import ResidentReport
from wangge.regions.levels import Level
from wangge.regions.locate import OutsideGrid, locate
from wangge.regions.models import Region

S = workflow.CaseState
K = EventKind

# The catalogue's families a resident reports: broken public things and street events.
# Campaign problems (petitions, illegal business…) and improvement tasks are staff work.
PUBLIC_KINDS = (Kind.COMPONENT, Kind.EVENT)

# A case's state as a resident reads it.
PUBLIC_STATE: dict[str, object] = {
    S.REPORTED: _("Received; waiting to be registered"),
    S.REGISTERED: _("Registered; being assigned to a handling unit"),
    S.DISPATCHED: _("Sent to the handling unit"),
    S.IN_PROGRESS: _("Being handled"),
    S.HANDLED: _("Handled; being checked on site"),
    S.CLOSED: _("Closed"),
    S.REJECTED: _("Not accepted"),
    S.MERGED: _("Merged with an earlier report of the same problem"),
}

# The steps of a case a resident sees, in plain words; other events (lights, extensions,
# shelving, assisting units, supervision replies) are the staff's own business.
PUBLIC_STEPS: dict[str, object] = {
    K.REPORT: _("Report received"),
    K.REGISTER: _("Registered"),
    K.REJECT: _("Not accepted"),
    K.MERGE: _("Merged with an earlier report"),
    K.DISPATCH: _("Sent to the handling unit"),
    K.ACCEPT: _("The handling unit took it on"),
    K.RETURN: _("Sent back to be assigned again"),
    K.ESCALATE: _("Passed up to the platform one level higher"),
    K.SEND_DOWN: _("Passed down to the platform one level lower"),
    K.HANDLE: _("The handling unit reported it done"),
    K.VERIFY_PASS: _("Checked on site and closed"),
    K.VERIFY_FAIL: _("The check on site found more to do"),
    K.REOPEN: _("Reopened"),
    K.SELF_HANDLE: _("Solved on the spot by the grid"),
    K.SUPERVISE: _("A higher level is supervising it"),
    K.RATE: _("Rated by the reporter"),
    K.RETURN_VISIT: _("The platform called the reporter back"),
}
# Steps whose note was written for the reporter (they are told it by SMS too).
NOTE_FOR_REPORTER = frozenset({K.REJECT})

OPEN_SLUGS = [s.value for s in workflow.OPEN_STATES]
NEARBY_LIMIT = 200


def public_categories() -> list[dict]:
    """The categories a resident may report under: active minor categories of the public
    kinds without required extra questions (staff answer those), grouped by major one."""
    groups = []
    for major in catalogue_tree():
        if major["kind"] not in PUBLIC_KINDS:
            continue
        children = [
            {"code": c["code"], "name": c["name"]}
            for c in major["children"]
            if not any(a["required"] for a in c["attributes"])
        ]
        if children:
            groups.append({"name": major["name"], "children": children})
    return groups


def public_category_codes() -> set[str]:
    return {c["code"] for g in public_categories() for c in g["children"]}


def resident_report_find(number: str, code: str) -> Case:
    """The case filed through the portal under `number` whose tracking code is `code`.

    Raises `Http404` alike for an unknown number, a case not filed through the portal and
    a wrong code, after the same work, so the answer tells nothing about which it was.
    """
    number = (number or "").strip()
    record = (
        ResidentReport.objects.filter(case__number=number)
        .select_related("case__category", "case__handler_department")
        .select_related("case__handler_region")
        .first()
        if number.isdigit() and len(number) <= 20
        else None
    )
    stored = record.code_hash if record is not None else "0" * 64
    good = codes.matches("tracking", codes.normalise_tracking_code(code), stored)
    if record is None or not good:
        raise Http404("no such report")
    return record.case


@dataclass(frozen=True)
class PublicStep:
    """One step of a case as its reporter reads it."""

    kind: str
    label: str
    at: datetime
    note: str


@dataclass(frozen=True)
class PublicCase:
    """A case as its reporter follows it without an account."""

    number: str
    category: str
    state: str
    state_label: str
    is_closed: bool
    reported_at: datetime
    address: str
    description: str
    handling_unit: str
    satisfaction: str
    satisfaction_label: str
    can_rate: bool
    steps: tuple[PublicStep, ...]


def public_case(case: Case) -> PublicCase:
    """What the holder of the tracking code sees of `case`: no staff names, no internal notes."""
    events = CaseEvent.objects.filter(
        case=case, action__in=list(PUBLIC_STEPS)
    ).order_by("created_at", "id")
    steps = tuple(
        PublicStep(
            kind=e.action,
            label=str(PUBLIC_STEPS[e.action]),
            at=e.created_at,
            note=e.note if e.action in NOTE_FOR_REPORTER else "",
        )
        for e in events.only("action", "created_at", "note")
    )
    unit = case.handling_unit
    return PublicCase(
        number=case.number,
        category=case.category.name,
        state=case.state,
        state_label=str(PUBLIC_STATE[case.state]),
        is_closed=case.state == S.CLOSED,
        reported_at=case.created_at,
        address=case.address,
        description=case.description,
        handling_unit=unit.name if unit is not None else "",
        satisfaction=case.satisfaction,
        satisfaction_label=case.get_satisfaction_display() if case.satisfaction else "",
        can_rate=case.state == S.CLOSED and not case.satisfaction,
        steps=steps,
    )


@dataclass(frozen=True)
class Place:
    """Where a point lies, by public names: its community and grid cell, with the cell's outline."""

    community: str
    cell: str
    cell_code: str
    boundary: dict | None


def place_at(lon: float, lat: float) -> Place | None:
    """The community and cell holding a WGS-84 point; None outside every cell."""
    try:
        path = locate(lon, lat)
    except OutsideGrid:
        return None
    cell = Region.objects.only("code", "name", "boundary").get(pk=path[-1].pk)
    community = next((r for r in path if r.level == Level.COMMUNITY), None)
    return Place(
        community=community.name if community else "",
        cell=cell.name,
        cell_code=cell.code,
        boundary=cell.boundary,
    )


def open_problems_near(lon: float, lat: float) -> list[dict]:
    """Open problems of the public kinds in the community holding the point, for the map.

    Each is a category name, a plain-word state, the day reported and a point rounded to
    about 10 m: nothing about who reported it or what they wrote.
    """
    try:
        path = locate(lon, lat)
    except OutsideGrid:
        return []
    community = next((r for r in path if r.level == Level.COMMUNITY), path[-1])
    cases = (
        Case.objects.filter(
            cell_path__under=community.path,
            state__in=OPEN_SLUGS,
            category__kind__in=PUBLIC_KINDS,
        )
        .select_related("category")
        .only("lon", "lat", "state", "created_at", "category__name")
        .order_by("-created_at", "-id")[:NEARBY_LIMIT]
    )
    return [
        {
            "lon": round(c.lon, 4),
            "lat": round(c.lat, 4),
            "category": c.category.name,
            "state": str(PUBLIC_STATE[c.state]),
            "reported_on": timezone.localtime(c.created_at).date().isoformat(),
        }
        for c in cases
    ]


def district_outlines() -> dict:
    """The districts' outlines as GeoJSON, the background of the report map."""
    districts = Region.objects.filter(level=Level.DISTRICT).only(
        "code", "name", "boundary"
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": d.boundary,
                "properties": {"code": d.code, "name": d.name},
            }
            for d in districts.order_by("code")
            if d.boundary
        ],
    }


def tile_layer() -> dict:
    """The maps' optional tile server (`WANGGE_MAP_TILE_URL`): empty by default."""
    url = getattr(settings, "WANGGE_MAP_TILE_URL", "")
    if not url.startswith(("http://", "https://")):
        return {}
    return {"url": url, "attribution": settings.WANGGE_MAP_TILE_ATTRIBUTION}
