"""REST v1 for special reviews of major problems and for campaigns.

Reads are scoped by `reviews.selectors` (an object outside the caller's reach is 404);
writes go through `reviews.services`, whose refusals the API maps to 400 and 403.
"""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from wangge.access.jurisdiction import departments_visible_to, region_get_for_user
from wangge.catalogue.selectors import category_get_by_code
from wangge.core import clock
from wangge.core.schemas import ErrorOut, PageQuery, RowId, page_of, page_schema
from wangge.reviews import selectors, services
from wangge.reviews.models import CandidateKind, DecisionKind, Review

router = Router(tags=["reviews"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# Inputs that name other records: a missing one is bad input of that field, not a 404.
def _region(request, code: str, field: str = "region"):
    try:
        return region_get_for_user(request.user, code)
    except Http404:
        raise ValidationError(
            {field: [_("No such region in your jurisdiction.")]}
        ) from None


def _department(request, code: str):
    department = departments_visible_to(request.user).filter(code=code).first()
    if department is None:
        raise ValidationError({"department": [_("No such department.")]})
    return department


class ReviewCandidateOut(Schema):
    key: str = Field(description="Stable name of the candidate; open a review with it")
    kind: CandidateKind
    area: str = Field(description="Code of the area (district)")
    area_name: str
    category: str
    category_name: str
    summary: str
    case_ids: list[int]

    @staticmethod
    def resolve_area(c) -> str:
        return c.area.code

    @staticmethod
    def resolve_area_name(c) -> str:
        return c.area.name

    @staticmethod
    def resolve_category(c) -> str:
        return c.category.code

    @staticmethod
    def resolve_category_name(c) -> str:
        return c.category.name


class ReviewSummaryOut(Schema):
    id: int
    title: str
    state: str
    trigger: CandidateKind
    region: str
    category: str | None
    opened_at: datetime
    closed_at: datetime | None

    @staticmethod
    def resolve_region(r) -> str:
        return r.region.code

    @staticmethod
    def resolve_category(r) -> str | None:
        return r.category.code if r.category_id else None


class LinkedCaseOut(Schema):
    number: str
    category: str
    state: str
    reported_at: datetime

    @staticmethod
    def resolve_category(c) -> str:
        return c.category.code

    @staticmethod
    def resolve_reported_at(c) -> datetime:
        return c.created_at


class MinutesOut(Schema):
    id: int
    held_at: datetime
    place: str
    attendees: str
    text: str


class DecisionOut(Schema):
    id: int
    kind: DecisionKind
    title: str
    text: str
    decided_on: date


class ReviewTaskOut(Schema):
    id: int
    title: str
    department: str
    deadline: datetime
    state: str
    report: str
    done_at: datetime | None
    overdue: bool = Field(description="Open past its deadline, or done after it")
    decision: int | None

    @staticmethod
    def resolve_department(t) -> str:
        return t.department.code

    @staticmethod
    def resolve_overdue(t) -> bool:
        return t.is_overdue_at(clock.now())

    @staticmethod
    def resolve_decision(t) -> int | None:
        return t.decision_id


class ChartOut(Schema):
    weeks: list[str] = Field(description="Start of each week (MM-DD, Asia/Shanghai)")
    counts: list[int] = Field(description="Cases of the category in the area each week")


class ReviewOut(ReviewSummaryOut):
    analysis: str
    conclusion: str
    cases: list[LinkedCaseOut]
    minutes: list[MinutesOut]
    decisions: list[DecisionOut]
    tasks: list[ReviewTaskOut]
    chart: ChartOut


class ReviewIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    candidate: str = Field(
        "", description="Key of a detected candidate to open it from"
    )
    region: str = Field("", description="Code of the area (when not from a candidate)")
    category: str = Field("", description="Category code (optional)")
    cases: list[RowId] = Field(default_factory=list, description="Case ids to link")
    analysis: str = ""


class CasesIn(Schema):
    cases: list[RowId] = Field(min_length=1)


class MinutesIn(Schema):
    held_at: datetime
    place: str = Field("", max_length=120)
    attendees: str
    text: str


class ReviewDecisionIn(Schema):
    kind: DecisionKind
    title: str = Field(min_length=1, max_length=200)
    text: str
    decided_on: date


class ReviewTaskIn(Schema):
    department: str = Field(description="Department code")
    title: str = Field(min_length=1, max_length=200)
    working_days: int = Field(ge=1, le=services.reviews.MAX_TASK_DAYS)
    decision: RowId | None = None


class TaskReportIn(Schema):
    report: str


class CancelIn(Schema):
    note: str


class CloseIn(Schema):
    conclusion: str


def _detail(request, review: Review) -> SimpleNamespace:
    """The review with what the caller may see of its record, in the shape of `ReviewOut`."""
    detail = selectors.review_detail(request.user, review)
    fields = ReviewSummaryOut.model_fields.keys() | {"analysis", "conclusion"}
    return SimpleNamespace(
        **{name: getattr(review, name) for name in fields},
        category_id=review.category_id,
        cases=detail.cases,
        minutes=detail.minutes,
        decisions=detail.decisions,
        tasks=detail.tasks,
        chart=detail.chart,
    )


@router.get(
    "/reviews/candidates",
    response=page_schema(ReviewCandidateOut),
    summary="Candidates for a special review, detected in the caller's area",
)
def candidate_list(request, page: Query[PageQuery]):
    """Spikes of a category against its baseline, many reporters of one problem, repeated
    escalations to the city and recurrences, from the cases the caller sees."""
    return page_of(list(selectors.candidates_for(request.user)), page)


@router.get(
    "/reviews", response=page_schema(ReviewSummaryOut), summary="Special reviews"
)
def review_list(request, page: Query[PageQuery]):
    """The reviews of the caller's area (and those that gave their department tasks)."""
    rows = selectors.reviews_visible_to(request.user).select_related(
        "region", "category"
    )
    return page_of(rows, page)


@router.post(
    "/reviews", response={201: ReviewOut, **ERRORS}, summary="Open a special review"
)
def review_open(request, payload: ReviewIn):
    """The city office opens a review from a candidate (its key) or by hand (a region)."""
    if payload.candidate:
        try:
            found = selectors.candidate_get(request.user, payload.candidate)
        except Http404:
            raise ValidationError({"candidate": [_("No such candidate.")]}) from None
        options = {
            "region": found.area,
            "category": found.category,
            "trigger": found.kind,
            "source_key": found.key,
            "case_ids": [*found.case_ids, *payload.cases],
        }
    else:
        if not payload.region:
            raise ValidationError({"region": [_("This field is required.")]})
        options = {
            "region": _region(request, payload.region),
            "category": category_get_by_code(payload.category)
            if payload.category
            else None,
            "case_ids": payload.cases,
        }
    review = services.review_open(
        actor=request.user, title=payload.title, analysis=payload.analysis, **options
    )
    return Status(201, _detail(request, review))


@router.get(
    "/reviews/{id}", response={200: ReviewOut, 404: ErrorOut}, summary="One review"
)
def review_detail(request, id: RowId):
    """The review with its linked cases (those the caller sees), minutes, decisions,
    tasks (with overdue flags) and the weekly counts behind its chart."""
    return _detail(request, selectors.review_get_for_user(request.user, id))


@router.post(
    "/reviews/{id}/cases", response={200: ReviewOut, **ERRORS}, summary="Link cases"
)
def review_cases(request, id: RowId, payload: CasesIn):
    review = selectors.review_get_for_user(request.user, id)
    review = services.review_cases_link(
        review=review, actor=request.user, case_ids=payload.cases
    )
    return _detail(request, review)


@router.post(
    "/reviews/{id}/minutes",
    response={201: MinutesOut, **ERRORS},
    summary="Record minutes",
)
def review_minutes(request, id: RowId, payload: MinutesIn):
    review = selectors.review_get_for_user(request.user, id)
    minutes = services.review_minutes_add(
        review=review, actor=request.user, **payload.model_dump()
    )
    return Status(201, minutes)


@router.post(
    "/reviews/{id}/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="Record a decision",
)
def review_decision(request, id: RowId, payload: ReviewDecisionIn):
    review = selectors.review_get_for_user(request.user, id)
    decision = services.review_decide(
        review=review, actor=request.user, **payload.model_dump()
    )
    return Status(201, decision)


@router.post(
    "/reviews/{id}/tasks",
    response={201: ReviewTaskOut, **ERRORS},
    summary="Give a department a task",
)
def review_task(request, id: RowId, payload: ReviewTaskIn):
    """The deadline is `working_days` working days from now, by the working calendar."""
    review = selectors.review_get_for_user(request.user, id)
    decision = None
    if payload.decision is not None:
        decision = review.decisions.filter(pk=payload.decision).first()
        if decision is None:
            raise ValidationError(
                {"decision": [_("The decision is not of this review.")]}
            )
    task = services.review_task_assign(
        review=review,
        actor=request.user,
        department=_department(request, payload.department),
        title=payload.title,
        working_days=payload.working_days,
        decision=decision,
    )
    return Status(201, task)


@router.post(
    "/reviews/tasks/{task_id}/report",
    response={200: ReviewTaskOut, **ERRORS},
    summary="Report a task done",
)
def review_task_report(request, task_id: RowId, payload: TaskReportIn):
    task = selectors.review_task_get_for_user(request.user, task_id)
    return services.review_task_report(
        task=task, actor=request.user, report=payload.report
    )


@router.post(
    "/reviews/tasks/{task_id}/cancel",
    response={200: ReviewTaskOut, **ERRORS},
    summary="Cancel a task",
)
def review_task_cancel(request, task_id: RowId, payload: CancelIn):
    task = selectors.review_task_get_for_user(request.user, task_id)
    return services.review_task_cancel(task=task, actor=request.user, note=payload.note)


@router.post(
    "/reviews/{id}/close", response={200: ReviewOut, **ERRORS}, summary="Close a review"
)
def review_close(request, id: RowId, payload: CloseIn):
    review = selectors.review_get_for_user(request.user, id)
    review = services.review_close(
        review=review, actor=request.user, conclusion=payload.conclusion
    )
    return _detail(request, review)


# Campaigns.


class ProblemTypeOut(Schema):
    id: int
    name: str
    category: str

    @staticmethod
    def resolve_category(t) -> str:
        return t.category.code


class AreaOut(Schema):
    name: str
    problem_types: list[ProblemTypeOut]

    @staticmethod
    def resolve_problem_types(a) -> list:
        return list(a.problem_types.all())


class RegionProgressOut(Schema):
    code: str
    name: str
    cells_to_inspect: int
    cells_inspected: int
    inspected_share: float
    found: int
    solved: int
    solved_share: float
    solved_share_target: int
    on_target: bool


class TypeProgressOut(Schema):
    area: str
    name: str
    found: int
    solved: int


class ReviewFiguresOut(Schema):
    inspections: int
    cells_inspected: int
    found: int
    solved: int
    solved_share: float
    regions: list[RegionProgressOut]
    types: list[TypeProgressOut]


class ProjectOut(Schema):
    id: int
    name: str
    department: str | None
    unit: str
    target: Decimal
    done: Decimal
    share_done: float

    @staticmethod
    def resolve_department(p) -> str | None:
        return p.department.code if p.department_id else None


class CampaignSummaryOut(Schema):
    code: str
    name: str
    region: str
    starts_on: date
    ends_on: date
    state: str

    @staticmethod
    def resolve_region(c) -> str:
        return c.region.code


class CampaignOut(CampaignSummaryOut):
    areas: list[AreaOut]
    figures: ReviewFiguresOut = Field(description="Progress in the caller's area")
    projects: list[ProjectOut]
    closing_report: str


class AreaIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    categories: list[str] = Field(min_length=1, description="Catalogue codes")


class CampaignIn(Schema):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(min_length=1, max_length=200)
    region: str
    starts_on: date
    ends_on: date
    areas: list[AreaIn] = Field(min_length=1)


class TargetIn(Schema):
    region: str
    cells_to_inspect: int = Field(ge=0, le=1_000_000)
    solved_share: int = Field(90, ge=0, le=100)


class TargetOut(Schema):
    region: str
    cells_to_inspect: int
    solved_share: int

    @staticmethod
    def resolve_region(t) -> str:
        return t.region.code


class CampaignFindingIn(Schema):
    problem_type: RowId
    description: str
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    address: str = Field("", max_length=200)
    attributes: dict = Field(default_factory=dict)
    solved_on_the_spot: bool = Field(
        False, description="Solved by the inspecting grid worker there and then"
    )


class InspectionIn(Schema):
    cell: str = Field(description="Code of the grid cell inspected")
    checked: list[RowId] = Field(description="Problem types checked")
    findings: list[CampaignFindingIn] = Field(default_factory=list, max_length=50)
    note: str = ""


class InspectionOut(Schema):
    id: int
    cell: str
    inspected_at: datetime
    cases: list[str] = Field(description="Numbers of the cases its findings became")

    @staticmethod
    def resolve_cell(i) -> str:
        return i.cell.code

    @staticmethod
    def resolve_cases(i) -> list[str]:
        return [f.case.number for f in i.findings.select_related("case")]


class ProgressIn(Schema):
    amount: Decimal = Field(gt=0, max_digits=10, decimal_places=1)
    note: str = ""


class CampaignCloseIn(Schema):
    report: str


def _board(request, campaign) -> SimpleNamespace:
    """The campaign's board as the caller may see it, in the shape of `CampaignOut`."""
    board = selectors.campaign_board(request.user, campaign)
    return SimpleNamespace(
        **{name: getattr(campaign, name) for name in CampaignSummaryOut.model_fields},
        areas=board.areas,
        projects=board.projects,
        closing_report=campaign.closing_report,
        figures=board.figures,
    )


@router.get("/campaigns", response=page_schema(CampaignSummaryOut), summary="Campaigns")
def campaign_list(request, page: Query[PageQuery]):
    """The campaigns covering any part of the caller's area."""
    rows = selectors.campaigns_visible_to(request.user).select_related("region")
    return page_of(rows, page)


@router.post(
    "/campaigns", response={201: CampaignOut, **ERRORS}, summary="Set up a campaign"
)
def campaign_create(request, payload: CampaignIn):
    campaign = services.campaign_create(
        actor=request.user,
        code=payload.code,
        name=payload.name,
        region=_region(request, payload.region),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        areas=[(a.name, a.categories) for a in payload.areas],
    )
    return Status(201, _board(request, campaign))


@router.get(
    "/campaigns/{code}",
    response={200: CampaignOut, 404: ErrorOut},
    summary="A campaign's board",
)
def campaign_detail(request, code: str):
    """The checklist, targets and progress in the caller's area, and the improvement projects."""
    return _board(request, selectors.campaign_get_for_user(request.user, code))


@router.post(
    "/campaigns/{code}/targets",
    response={200: TargetOut, **ERRORS},
    summary="Set a target",
)
def campaign_target(request, code: str, payload: TargetIn):
    campaign = selectors.campaign_get_for_user(request.user, code)
    return services.campaign_target_set(
        campaign=campaign,
        actor=request.user,
        region=_region(request, payload.region),
        cells_to_inspect=payload.cells_to_inspect,
        solved_share=payload.solved_share,
    )


@router.post(
    "/campaigns/{code}/inspections",
    response={201: InspectionOut, **ERRORS},
    summary="Record an inspection of a cell",
)
def campaign_inspection(request, code: str, payload: InspectionIn):
    """Each finding becomes a case through intake, linked to the campaign and its type."""
    campaign = selectors.campaign_get_for_user(request.user, code)
    inspection = services.campaign_inspect(
        campaign=campaign,
        actor=request.user,
        cell=_region(request, payload.cell, "cell"),
        checked=payload.checked,
        findings=[
            services.Finding(
                problem_type_id=f.problem_type, **f.model_dump(exclude={"problem_type"})
            )
            for f in payload.findings
        ],
        note=payload.note,
    )
    return Status(201, inspection)


@router.post(
    "/campaigns/{code}/projects/{project_id}/progress",
    response={201: ProjectOut, **ERRORS},
    summary="Report progress on an improvement project",
)
def project_progress(request, code: str, project_id: RowId, payload: ProgressIn):
    project = selectors.project_get_for_user(request.user, project_id)
    if project.campaign.code != code:
        raise Http404
    services.project_progress_record(
        project=project, actor=request.user, amount=payload.amount, note=payload.note
    )
    project.refresh_from_db()
    return Status(201, project)


@router.post(
    "/campaigns/{code}/close",
    response={200: CampaignOut, **ERRORS},
    summary="Close a campaign",
)
def campaign_close(request, code: str, payload: CampaignCloseIn):
    """Freezes the figures beside the closing report."""
    campaign = selectors.campaign_get_for_user(request.user, code)
    campaign = services.campaign_close(
        campaign=campaign, actor=request.user, report=payload.report
    )
    return _board(request, campaign)
