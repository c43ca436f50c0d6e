"""REST v1 for the assessment: snapshots and their rows, trends, the evidence of a figure,
scoring rules, rewards and penalties, re-inspections, and the monthly report of a node.

Reads go through `assessment.selectors` (jurisdiction first: outsiders get 404); writes
call one service each, which refuses anyone but the city office (403).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from wangge.access.jurisdiction import region_get_for_user
from wangge.assessment import reports, scoring, selectors, services
from wangge.assessment.models import PeriodKind, Sanction, UnitKind
from wangge.core.downloads import PDF, XLSX
from wangge.core.schemas import ErrorOut, PageQuery, RowId, page_of, page_schema

router = Router(tags=["assessment"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
FIGURES = Literal[scoring.COUNTS]  # type: ignore[valid-type]


class SnapshotOut(Schema):
    id: int
    period: PeriodKind
    starts_on: dt.date
    ends_on: dt.date = Field(description="The day after the period's last")
    computed_at: dt.datetime
    published_at: dt.datetime | None
    rules: dict = Field(description="The rule of each kind of unit the snapshot used")


class RowOut(Schema):
    id: int
    unit_kind: UnitKind
    name: str
    region: str | None = Field(description="Region code (regions and desks)")
    department: str | None = Field(description="Department code")
    counts: dict[str, int]
    rates: dict[str, float | None]
    points: dict[str, float | None]
    determinations: dict[str, int] = Field(
        description=(
            "Accountability determinations in force recorded in the period, by measure; "
            "a region's include those of the regions below it, a grid worker's those "
            "naming them; departments and desks have none. Not scored."
        )
    )
    weighted: float | None
    charged: int = Field(description="Recurrences, reopenings and unsatisfied visits")
    total: float | None
    rank: int | None
    mark: str

    @staticmethod
    def resolve_region(row) -> str | None:
        return row.region.code if row.region_id else None

    @staticmethod
    def resolve_department(row) -> str | None:
        return row.department.code if row.department_id else None


class RowListOut(Schema):
    snapshot: SnapshotOut
    count: int = Field(description="How many rows the list holds in all")
    items: list[RowOut] = Field(description="The rows of this page, best first")


class TrendPointOut(Schema):
    starts_on: dt.date
    total: float | None
    mark: str


class EvidenceCaseOut(Schema):
    number: str
    category: str
    state: str
    created_at: dt.datetime

    @staticmethod
    def resolve_category(case) -> str:
        return case.category.code


class SnapshotIn(Schema):
    period: PeriodKind
    day: dt.date = Field(description="Any day of the period")


class RuleIn(Schema):
    unit_kind: UnitKind
    valid_from: dt.date
    weights: dict[str, float] = Field(
        description="Indicator → weight, e.g. a department: registered 10, closed 30, "
        "handled_on_time_rate 30, rework_rate 30 (scored as 1 − rate)"
    )
    green_from: float = 85
    yellow_from: float = 70
    charge_points: float = 1
    recurrence_days: int = Field(30, ge=1, le=365)
    note: str = ""


class RuleOut(Schema):
    id: int
    unit_kind: UnitKind
    valid_from: dt.date
    weights: dict[str, float]
    green_from: float
    yellow_from: float
    charge_points: float
    recurrence_days: int


class SanctionIn(Schema):
    kind: Sanction.Kind
    reason: str
    determination: RowId | None = Field(
        None, description="The accountability determination it follows from (id)"
    )


class SanctionOut(Schema):
    id: int
    row: int = Field(alias="row_id")
    kind: str
    reason: str
    determination: int | None = Field(alias="determination_id")
    created_at: dt.datetime


class DrawIn(Schema):
    size: int = Field(ge=1, le=500)
    seed: str = Field(min_length=1, max_length=64)


class ReinspectionOut(Schema):
    id: int
    case: str
    inspector: str
    outcome: str
    note: str

    @staticmethod
    def resolve_case(item) -> str:
        return item.case.number

    @staticmethod
    def resolve_inspector(item) -> str:
        return item.inspector.username


class RowsQuery(PageQuery):
    kind: UnitKind | None = None
    under: str = Field("", max_length=15, description="Only units inside this region")


class ReportQuery(Schema):
    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.get(
    "/assessment/snapshots",
    response=page_schema(SnapshotOut),
    summary="Assessment snapshots",
)
def snapshot_list(request, page: Query[PageQuery]):
    """Published snapshots, newest first (drafts too for the city office)."""
    return page_of(selectors.snapshots_visible_to(request.auth), page)


@router.post("/assessment/snapshots", response={201: SnapshotOut, **ERRORS})
def snapshot_compute(request, body: SnapshotIn):
    """Compute (or recompute) the snapshot of a period; refused once it is published."""
    snapshot = services.snapshot_compute(
        actor=request.auth, period=body.period, day=body.day
    )
    return Status(201, snapshot)


@router.post(
    "/assessment/snapshots/{pk}/publish", response={200: SnapshotOut, **ERRORS}
)
def snapshot_publish(request, pk: RowId):
    """Freeze a snapshot: its rows and rules never change again."""
    snapshot = selectors.snapshot_get_for_user(request.auth, pk)
    return services.snapshot_publish(actor=request.auth, snapshot=snapshot)


@router.get(
    "/assessment/snapshots/{pk}/rows", response={200: RowListOut, 404: ErrorOut}
)
def snapshot_rows(request, pk: RowId, query: Query[RowsQuery]):
    """The ranked rows of the units in the caller's area, by kind and subtree."""
    snapshot = selectors.snapshot_get_for_user(request.auth, pk)
    under = region_get_for_user(request.auth, query.under).path if query.under else ""
    rows = selectors.snapshot_rows(request.auth, snapshot, query.kind or "", under)
    return {
        "snapshot": snapshot,
        **page_of(rows.select_related("region", "department"), query),
    }


@router.get("/assessment/rows/{pk}", response={200: RowOut, 404: ErrorOut})
def row_detail(request, pk: RowId):
    return selectors.row_get_for_user(request.auth, pk)


@router.get(
    "/assessment/rows/{pk}/trend", response={200: list[TrendPointOut], 404: ErrorOut}
)
def row_trend(request, pk: RowId):
    """The unit's score in the published snapshots of the same kind of period."""
    row = selectors.row_get_for_user(request.auth, pk)
    return [
        {"starts_on": r.snapshot.starts_on, "total": r.total, "mark": r.mark}
        for r in selectors.row_trend(request.auth, row)
    ]


@router.get(
    "/assessment/rows/{pk}/evidence/{figure}",
    response={200: page_schema(EvidenceCaseOut), 404: ErrorOut},
)
def row_evidence(request, pk: RowId, figure: FIGURES, page: Query[PageQuery]):
    """The cases a figure of the row counts (those the caller may see), a page at a time."""
    row = selectors.row_get_for_user(request.auth, pk)
    return page_of(selectors.row_evidence(request.auth, row, figure), page)


@router.post("/assessment/rows/{pk}/sanctions", response={201: SanctionOut, **ERRORS})
def sanction_give(request, pk: RowId, body: SanctionIn):
    """A reward or penalty for the unit's result, optionally after a determination."""
    row = selectors.row_get_for_user(request.auth, pk)
    sanction = services.sanction_give(
        actor=request.auth,
        row=row,
        kind=body.kind,
        reason=body.reason,
        determination_id=body.determination,
    )
    return Status(201, sanction)


@router.get("/assessment/rules", response=page_schema(RuleOut), summary="Scoring rules")
def rule_list(request, page: Query[PageQuery]):
    """Every scoring rule with its history (they are the city's published rules)."""
    return page_of(selectors.scoring_rules(request.auth), page)


@router.post("/assessment/rules", response={201: RuleOut, **ERRORS})
def rule_set(request, body: RuleIn):
    rule = services.scoring_rule_set(actor=request.auth, **body.dict())
    return Status(201, rule)


@router.post(
    "/assessment/snapshots/{pk}/reinspections",
    response={201: list[ReinspectionOut], **ERRORS},
)
def reinspection_draw(request, pk: RowId, body: DrawIn):
    """Draw closed cases of the period for re-inspection by grid workers of other grids."""
    snapshot = selectors.snapshot_get_for_user(request.auth, pk)
    drawn = services.reinspection_draw(
        actor=request.auth, snapshot=snapshot, size=body.size, seed=body.seed
    )
    items = selectors.reinspections_for(request.auth, snapshot)
    return Status(201, list(items.filter(pk__in=[d.pk for d in drawn])))


@router.get(
    "/assessment/snapshots/{pk}/reinspections",
    response={200: list[ReinspectionOut], 404: ErrorOut},
)
def reinspection_list(request, pk: RowId):
    snapshot = selectors.snapshot_get_for_user(request.auth, pk)
    return list(selectors.reinspections_for(request.auth, snapshot))


@router.get(
    "/reports/monthly/{code}",
    response={200: None, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "The report as Excel or PDF",
                "content": {XLSX: {}, PDF: {}},
            }
        }
    },
)
def monthly_report(request, code: str, query: Query[ReportQuery]):
    """The monthly statistical report of a node (a region in the caller's area)."""
    node = region_get_for_user(request.auth, code)
    try:
        month = reports.month_parse(query.month)
    except ValueError:
        raise ValidationError({"month": _("Give the month as YYYY-MM.")}) from None
    return reports.report_download(reports.monthly_report(node, month), query.format)
