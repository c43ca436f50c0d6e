"""Input and output shapes of the cases REST API (`cases.api`), as the OpenAPI schema shows them.

Output schemas read a `Case` (and its events, photos and requests) directly. What depends
on the caller, the reporter's contact data and the allowed actions, is resolved from the
request that ninja passes in the validation context, through `access`.
"""

import dataclasses
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from wangge.cases.access import (
    CaseStep,
    case_allowed_actions,
    case_steps_allowed,
)
from wangge.cases.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    Channel,
    EventKind,
    Priority,
    RequestStatus,
    Satisfaction,
)
from wangge.cases.reporter import reporter_view
from wangge.cases.selectors import NEWEST_FIRST, CaseFilter
from wangge.cases.sla import Light
from wangge.cases.stages import Stage, stage_of
from wangge.cases.workflow import Action, CaseState
from wangge.catalogue.choices import LimitUnit
from wangge.core.schemas import PageOffset
from wangge.regions.crs import CRS_CHOICES, WGS84

ACTION_SLUGS = ", ".join(Action.values)
MAX_PAGE = 200


def _aware(value: datetime | None) -> datetime | None:
    """A time given without an offset is read in the platform's zone (Asia/Shanghai)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


# Times in answers are shown in the platform's zone (Asia/Shanghai), whatever their source.
Moment = Annotated[datetime, AfterValidator(timezone.localtime)]


def _user_name(user) -> str | None:
    return str(user) if user is not None else None


def _user(context) -> Any:
    return context["request"].user


# Input -----------------------------------------------------------------------------


class ReporterIn(Schema):
    """Who reported the problem; their phone is shown in full only to those who call back."""

    name: str = Field("", max_length=64)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)


class PhotoIn(Schema):
    name: str = Field("photo", max_length=80, description="File name")
    content: str = Field(description="The image (JPEG, PNG or WebP), base64-encoded")


class CaseIn(Schema):
    """A report from any channel (统一受理)."""

    category: str = Field(
        max_length=16, description="Code of a minor category of GET /api/v1/catalog"
    )
    description: str = Field(max_length=4000)
    lon: float = Field(description="Longitude in degrees, in the system of `crs`")
    lat: float = Field(description="Latitude in degrees, in the system of `crs`")
    crs: str = Field(
        WGS84,
        description=f"Coordinate system of lon and lat: one of {', '.join(CRS_CHOICES)}",
    )
    address: str = Field("", max_length=200)
    channel: Channel
    reporter: ReporterIn | None = None
    attributes: dict[str, Any] = Field(
        default_factory=dict,
        description="Answers to the category's extra questions, by attribute code",
    )
    priority: Priority = Priority.NORMAL
    photos: list[PhotoIn] = Field(
        default_factory=list, description="Photos before handling (at most 9)"
    )
    solved_on_the_spot: bool = Field(
        False,
        description="A grid worker solved it on patrol (自行处置): reported and handled "
        "in one step, still to be verified",
    )

    @field_validator("reporter", mode="before")
    @classmethod
    def _reporter_is_an_object(cls, value: Any) -> Any:
        # A schema reads attributes, so a bare string would pass as a reporter with no
        # name: refuse it rather than drop it without a word.
        if value is not None and not isinstance(value, dict):
            raise ValueError("reporter must be an object {name, phone, email}")
        return value


class ActionIn(Schema):
    """Parameters of a workflow action; which ones count depends on the action."""

    note: str = Field(
        "",
        max_length=4000,
        description="The reason; required to reject, return, escalate, send down, "
        "fail a verification and reopen",
    )
    department: str = Field(
        "", max_length=32, description="dispatch: code of the handling department"
    )
    region: str = Field(
        "",
        max_length=15,
        description="dispatch: code of the community, township or grid cell (its grid "
        "chief handles it) handling it territorially",
    )
    into: str = Field("", max_length=20, description="merge: number of the case kept")


# The orders of a case list (`cases.selectors.CASE_SORTS`; a test keeps them equal).
CaseSortSlug = Literal[
    "-created", "created", "deadline", "-deadline", "number", "-number"
]


class CaseFilterQuery(Schema):
    """The filters of a list of cases (the list, its workbook, a ledger); each is optional."""

    state: str = Field("", description="One state or several, comma-separated")
    open: bool | None = Field(None, description="Only open (true) or finished (false)")
    category: str = Field(
        "", description="A minor category, or a major one with all its minor ones"
    )
    channel: Channel | None = None
    light: Light | None = None
    node: str = Field(
        "", description="Code of the platform node that owns the case now"
    )
    department: str = Field("", description="Code of the handling department")
    supervised: bool | None = None
    shelved: bool | None = None
    created_from: datetime | None = Field(None, description="Reported at or after")
    created_to: datetime | None = Field(None, description="Reported before")
    q: str = Field(
        "", max_length=100, description="Text in the number, description or address"
    )

    def case_filter(self) -> CaseFilter:
        """The filters of the query for `cases.selectors` (the page's own fields aside)."""
        fields = {f.name for f in dataclasses.fields(CaseFilter)}
        return CaseFilter(
            **self.model_dump(include=fields - {"text"}, exclude_none=True),
            text=self.q,
        )

    @field_validator("state")
    @classmethod
    def _known_states(cls, value: str) -> str:
        unknown = [s for s in value.split(",") if s and s not in CaseState.values]
        if unknown:
            raise ValueError(f"unknown state {unknown[0]!r}")
        return value

    @field_validator("created_from", "created_to")
    @classmethod
    def _local_time(cls, value: datetime | None) -> datetime | None:
        return _aware(value)


class CaseListQuery(CaseFilterQuery):
    """Filters and page of GET /api/v1/cases; every filter is optional."""

    region: str = Field("", description="Code of a region: cases lying inside it")
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: PageOffset = 0
    cursor: str = Field(
        "",
        max_length=100,
        description="The `next` of the previous page: the page that follows it",
    )
    sort: CaseSortSlug = Field(
        NEWEST_FIRST,
        description="The order: by time reported, deadline (none last) or number; "
        "a leading `-` reverses it. A cursor continues the order it was given in.",
    )


class SupervisionIn(Schema):
    instructions: str = Field(max_length=4000, description="What must be done")
    due_at: datetime = Field(
        description="When the reply is due (Asia/Shanghai without an offset)"
    )

    @field_validator("due_at")
    @classmethod
    def _local_time(cls, value: datetime) -> datetime:
        return _aware(value)


class SupervisionReplyIn(Schema):
    reply: str = Field(max_length=4000)


class ExtensionIn(Schema):
    amount: int = Field(ge=1, le=1000, description="Extra working hours or days")
    unit: LimitUnit
    reason: str = Field(max_length=4000)


class DecisionIn(Schema):
    approve: bool
    note: str = Field("", max_length=4000)


class ShelvingIn(Schema):
    reason: str = Field(max_length=4000)


class UnshelveIn(Schema):
    note: str = Field("", max_length=4000)


class RatingIn(Schema):
    satisfaction: Satisfaction
    comment: str = Field("", max_length=4000)


class ReturnVisitIn(Schema):
    note: str = Field(max_length=4000, description="What the reporter said")


class AssistIn(Schema):
    """An assisting unit (协办): one of `department` or `region`, and its part of the work."""

    department: str = Field(
        "", max_length=32, description="Code of the assisting department"
    )
    region: str = Field(
        "",
        max_length=15,
        description="Code of the assisting community, township or grid cell",
    )
    task: str = Field(max_length=4000, description="What the assisting unit is to do")


class AssistAcceptIn(Schema):
    note: str = Field("", max_length=4000)


class AssistReportIn(Schema):
    report: str = Field(max_length=4000, description="What the assisting unit did")


# Output ----------------------------------------------------------------------------


class RegionRefOut(Schema):
    code: str
    name: str


class CategoryRefOut(Schema):
    code: str
    name: str


class HandlerOut(Schema):
    """The unit handling the case: a department, or a community/township (territorial)."""

    type: str = Field(description="department or region")
    code: str
    name: str


class ReporterOut(Schema):
    name: str
    phone: str = Field(
        description="Masked (138****5678) unless the caller may call back"
    )
    email: str | None = Field(description="Null unless the caller may call back")
    masked: bool


class CaseSummaryOut(Schema):
    """A case as lists show it."""

    id: int
    number: str
    state: CaseState
    state_label: str
    channel: Channel
    category: CategoryRefOut
    description: str
    priority: Priority
    lon: float = Field(description="WGS-84")
    lat: float = Field(description="WGS-84")
    address: str
    cell: RegionRefOut = Field(description="The grid cell the case lies in")
    node: RegionRefOut = Field(description="The platform node that owns the case now")
    handler: HandlerOut | None
    light: Light
    deadline: Moment | None
    is_supervised: bool
    is_shelved: bool
    created_at: Moment
    closed_at: Moment | None

    @staticmethod
    def resolve_state_label(case: Case) -> str:
        return str(case.get_state_display())

    @staticmethod
    def resolve_handler(case: Case) -> dict | None:
        if case.handler_department_id:
            unit, kind = case.handler_department, "department"
        elif case.handler_region_id:
            unit, kind = case.handler_region, "region"
        else:
            return None
        return {"type": kind, "code": unit.code, "name": unit.name}


class CaseListOut(Schema):
    count: int = Field(
        description="How many cases match, counted up to a cap (see `count_capped`)"
    )
    count_capped: bool = Field(
        description="True when more cases match than `count` says: it is the cap"
    )
    next: str | None = Field(
        description="Cursor of the following page (pass it as `cursor`); null on the last"
    )
    items: list[CaseSummaryOut]


class TimelineEventOut(Schema):
    """One event of the case's record: who, in which post, at which node, when, from what to what."""

    action: EventKind
    from_state: str = Field(description="Empty for the report itself")
    to_state: str
    actor: str | None = Field(description="Name of the person; null for the system")
    post_role: str | None = Field(description="Role of the post the person acted in")
    node: str = Field(description="Code of the platform node that owned the case")
    note: str
    data: dict[str, Any]
    time: Moment

    @staticmethod
    def resolve_actor(event: CaseEvent) -> str | None:
        return _user_name(event.actor)

    @staticmethod
    def resolve_post_role(event: CaseEvent) -> str | None:
        return event.actor_post.role if event.actor_post_id else None

    @staticmethod
    def resolve_node(event: CaseEvent) -> str:
        return event.node.code

    @staticmethod
    def resolve_time(event: CaseEvent) -> datetime:
        return event.created_at


class PhotoOut(Schema):
    id: int
    stage: CaseAttachment.Stage
    url: str = Field(description="The file's address for a signed-in browser")
    download: str = Field(description="The file's address for an API client (a token)")
    name: str = Field(description="What the client called the file (display text only)")
    content_type: str
    size: int
    uploaded_at: Moment

    @staticmethod
    def resolve_url(photo: CaseAttachment) -> str:
        return photo.get_absolute_url()

    @staticmethod
    def resolve_download(photo: CaseAttachment) -> str:
        return reverse(
            "api-v1:case_photo_get",
            kwargs={"id": str(photo.case_id), "photo_id": photo.pk},
        )

    @staticmethod
    def resolve_name(photo: CaseAttachment) -> str:
        return photo.original_name

    @staticmethod
    def resolve_uploaded_at(photo: CaseAttachment) -> datetime:
        return photo.created_at


class SupervisionOrderOut(Schema):
    """A supervision order (督办) and its reply."""

    id: int
    node: str = Field(description="Code of the issuing node")
    issued_by: str
    instructions: str
    due_at: Moment
    reply: str
    replied_by: str | None
    replied_at: Moment | None
    created_at: Moment

    @staticmethod
    def resolve_node(order) -> str:
        return order.node.code

    @staticmethod
    def resolve_issued_by(order) -> str:
        return str(order.issued_by)

    @staticmethod
    def resolve_replied_by(order) -> str | None:
        return _user_name(order.replied_by)


class ExtensionRequestOut(Schema):
    """A request for more time (延期) and its decision."""

    id: int
    requested_by: str
    amount: int
    unit: LimitUnit
    reason: str
    status: RequestStatus
    decided_by: str | None
    decided_at: Moment | None
    decision_note: str
    created_at: Moment

    @staticmethod
    def resolve_requested_by(request) -> str:
        return str(request.requested_by)

    @staticmethod
    def resolve_decided_by(request) -> str | None:
        return _user_name(request.decided_by)


class ShelvingRequestOut(Schema):
    """A request to shelve (挂账) the case and its decision."""

    id: int
    requested_by: str
    reason: str
    status: RequestStatus
    decided_by: str | None
    decided_at: Moment | None
    released_at: Moment | None
    created_at: Moment

    @staticmethod
    def resolve_requested_by(request) -> str:
        return str(request.requested_by)

    @staticmethod
    def resolve_decided_by(request) -> str | None:
        return _user_name(request.decided_by)


class AssistOut(Schema):
    """An assisting unit (协办) of the case and where its part stands."""

    id: int
    unit: HandlerOut
    task: str
    requested_by: str
    accepted_by: str | None
    accepted_at: Moment | None
    reported_at: Moment | None
    report: str
    created_at: Moment

    @staticmethod
    def resolve_unit(assist) -> dict:
        kind = "department" if assist.department_id else "region"
        return {"type": kind, "code": assist.unit.code, "name": assist.unit.name}

    @staticmethod
    def resolve_requested_by(assist) -> str:
        return str(assist.requested_by)

    @staticmethod
    def resolve_accepted_by(assist) -> str | None:
        return _user_name(assist.accepted_by)


STEP_SLUGS = ", ".join(step.value for step in CaseStep)


class CaseOut(CaseSummaryOut):
    """A case with its record, photos, oversight and what the caller may do now."""

    attributes: dict[str, Any]
    merged_into: str | None = Field(
        description="Number of the case this one was merged into"
    )
    reporter: ReporterOut
    stage: Stage | None = Field(
        description="The stage whose clock runs now (deadline, warning, light); null once finished"
    )
    started_at: Moment | None = Field(description="When the current stage began")
    warning_at: Moment | None
    shelved_since: Moment | None
    registered_at: Moment | None
    dispatched_at: Moment | None
    accepted_at: Moment | None
    handled_at: Moment | None
    satisfaction: Satisfaction | None
    rating_comment: str
    rated_at: Moment | None
    timeline: list[TimelineEventOut] = Field(description="Events, oldest first")
    allowed_actions: list[Action] = Field(
        description=f"Actions the caller may take now (POST …/actions/{{action}}); of {ACTION_SLUGS}"
    )
    allowed_steps: list[str] = Field(
        description="Other steps the caller may take now (supervision, extensions, "
        f"shelving, rating, photos by stage, assisting units); of {STEP_SLUGS}"
    )
    photos: list[PhotoOut]
    assists: list[AssistOut] = Field(
        description="Assisting units (协办) beside the lead, the handling unit"
    )
    supervision_orders: list[SupervisionOrderOut]
    extension_requests: list[ExtensionRequestOut]
    shelving_requests: list[ShelvingRequestOut]

    @staticmethod
    def resolve_stage(case: Case) -> str | None:
        return stage_of(case.state)

    @staticmethod
    def resolve_merged_into(case: Case) -> str | None:
        return case.merged_into.number if case.merged_into_id else None

    @staticmethod
    def resolve_satisfaction(case: Case) -> str | None:
        return case.satisfaction or None

    @staticmethod
    def resolve_reporter(case: Case, context) -> dict:
        return asdict(reporter_view(_user(context), case))

    @staticmethod
    def resolve_timeline(case: Case) -> list:
        return list(case.events.all())

    @staticmethod
    def resolve_allowed_actions(case: Case, context) -> list[str]:
        return case_allowed_actions(_user(context), case)

    @staticmethod
    def resolve_allowed_steps(case: Case, context) -> list[str]:
        allowed = case_steps_allowed(_user(context), case)
        return [step.value for step in CaseStep if step in allowed]

    @staticmethod
    def resolve_photos(case: Case) -> list:
        return list(case.attachments.all())

    @staticmethod
    def resolve_assists(case: Case) -> list:
        return list(case.assists.all())

    @staticmethod
    def resolve_supervision_orders(case: Case) -> list:
        return list(case.supervision_orders.all())

    @staticmethod
    def resolve_extension_requests(case: Case) -> list:
        return list(case.extension_requests.all())

    @staticmethod
    def resolve_shelving_requests(case: Case) -> list:
        return list(case.shelving_requests.all())


class CaseCreatedOut(CaseOut):
    possible_duplicates: list[str] = Field(
        description="Numbers of open cases of the same category reported nearby recently"
    )
