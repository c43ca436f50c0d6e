"""REST v1 of the public portal, under /api/v1/public/: no token, the public's view only.

The same services and selectors as the pages: a report through the intake with a secret
tracking code, one-time codes for phones, tracking and rating by number and code (404
alike for a wrong number or code), open problems nearby, and the notice boards. Too many
requests answer 429 with `Retry-After`. The router joins the API object in `wangge.urls`,
the composition root, since the portal and the api app are siblings of one layer.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Header, Query, Router, Schema, Status

from wangge.cases.services.intake import MAX_PHOTOS
from wangge.core.schemas import ErrorOut, file_answer
from wangge.portal import services
from wangge.portal.board import notice_board_get
from wangge.portal.limits import client_address, limit_hit
from wangge.portal.poster import poster_response
from wangge.portal.selectors import (
    open_problems_near,
    place_at,
    public_case,
    public_categories,
    resident_report_find,
)

router = Router(tags=["public"], auth=None)

ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class PublicPhotoIn(Schema):
    name: str = Field("photo", max_length=200)
    content: str = Field(description="The image, base64-encoded (JPEG, PNG or WebP)")


class PublicReportIn(Schema):
    category: str = Field(
        max_length=16, description="A category code from GET /public/categories"
    )
    description: str = Field(max_length=2000)
    lon: float
    lat: float
    address: str = Field("", max_length=200)
    name: str = Field("", max_length=64)
    phone: str = Field(
        "", max_length=20, description="Optional; confirm it with a code first"
    )
    code: str = Field(
        "", max_length=6, description="The one-time code sent to the phone"
    )
    photos: list[PublicPhotoIn] = Field([], max_length=MAX_PHOTOS)


class FiledOut(Schema):
    number: str = Field(description="The tracking number (the case number)")
    tracking_code: str = Field(description="The secret code; shown only in this answer")
    replayed: bool


class PhoneIn(Schema):
    phone: str = Field(max_length=20)


class DetailOut(Schema):
    detail: str


class PublicStepOut(Schema):
    kind: str
    label: str
    at: datetime
    note: str


class PublicCaseOut(Schema):
    number: str
    category: str
    state: str
    state_label: str
    reported_at: datetime
    address: str
    description: str
    handling_unit: str
    satisfaction: str
    can_rate: bool
    steps: list[PublicStepOut]


class TrackQuery(Schema):
    number: str = Field(max_length=20)
    code: str = Field(max_length=16)


class PublicRatingIn(TrackQuery):
    satisfaction: str = Field(description="satisfied, basically or unsatisfied")
    comment: str = Field("", max_length=1000)


class PublicPlaceOut(Schema):
    community: str
    cell: str
    cell_code: str


class ProblemOut(Schema):
    lon: float
    lat: float
    category: str
    state: str
    reported_on: str


class PublicNearbyOut(Schema):
    place: PublicPlaceOut | None
    problems: list[ProblemOut]


class PublicPersonOut(Schema):
    name: str
    role: str
    role_label: str
    title: str
    region: str
    office_phone: str


class BoardOut(Schema):
    code: str
    name: str
    level: str
    people: list[PublicPersonOut]
    figures: dict[str, int | None]
    work_teams: list[dict]


class PublicCategoryOut(Schema):
    code: str
    name: str


class CategoryGroupOut(Schema):
    name: str
    children: list[PublicCategoryOut]


@router.get(
    "/public/categories",
    response={200: list[CategoryGroupOut]},
    summary="The categories a resident may report under",
)
def public_category_list(request):
    return public_categories()


@router.post(
    "/public/reports",
    response={201: FiledOut, **ERRORS},
    summary="Report a problem as a resident (no account)",
)
def public_report(
    request,
    payload: PublicReportIn,
    idempotency_key: str = Header(
        "",
        alias="Idempotency-Key",
        max_length=64,
        description="Send the same key again to get the first case and code, not a second case",
    ),
):
    """File through the intake (channel `resident`); the answer holds the tracking code."""
    filed = services.resident_report_file(
        category=payload.category,
        description=payload.description,
        lon=payload.lon,
        lat=payload.lat,
        address_text=payload.address,
        name=payload.name,
        phone=payload.phone,
        code=payload.code,
        photos=[p.dict() for p in payload.photos],
        client_address=client_address(request),
        idempotency_key=idempotency_key,
    )
    return Status(
        201,
        {
            "number": filed.case.number,
            "tracking_code": filed.tracking_code,
            "replayed": filed.replayed,
        },
    )


@router.post(
    "/public/phone-codes",
    response={202: DetailOut, **ERRORS},
    summary="Send a one-time code to confirm a phone",
)
def public_phone_code(request, payload: PhoneIn):
    services.phone_code_send(phone=payload.phone, address=client_address(request))
    return Status(202, {"detail": "sent"})


@router.get(
    "/public/track",
    response={200: PublicCaseOut, **ERRORS},
    summary="Follow a report by its tracking number and code",
)
def public_track(request, query: Query[TrackQuery]):
    """The public part of the case; 404 alike for an unknown number and a wrong code."""
    limit_hit("track_address", client_address(request))
    return public_case(resident_report_find(query.number, query.code)).__dict__


@router.post(
    "/public/track/rating",
    response={200: PublicCaseOut, **ERRORS},
    summary="Rate a closed report",
)
def public_rate(request, payload: PublicRatingIn):
    limit_hit("track_address", client_address(request))
    case = services.resident_report_rate(
        number=payload.number,
        code=payload.code,
        satisfaction=payload.satisfaction,
        comment=payload.comment,
    )
    return public_case(case).__dict__


@router.get(
    "/public/nearby",
    response={200: PublicNearbyOut},
    summary="Where a point lies and the open problems around it",
)
def public_nearby(request, lon: float, lat: float):
    place = place_at(lon, lat)
    return {
        "place": place.__dict__ if place else None,
        "problems": open_problems_near(lon, lat) if place else [],
    }


@router.get(
    "/public/regions/{code}/board",
    response={200: BoardOut, 404: ErrorOut},
    summary="The public notice board of a township, community or grid cell",
)
def public_board(request, code: str):
    board = notice_board_get(code)
    people = board.section("people")
    figures = board.section("figures")
    teams = board.section("work_teams")
    return {
        "code": board.region.code,
        "name": board.region.name,
        "level": board.region.level,
        "people": [*people.data["own"], *people.data["above"]] if people else [],
        "figures": {
            k: v for k, v in (figures.data if figures else {}).items() if k != "as_of"
        },
        "work_teams": [
            {**t, "started_on": t["started_on"].isoformat()} for t in teams.data
        ]
        if teams
        else [],
    }


@router.get(
    "/public/regions/{code}/poster.pdf",
    response={200: None, 404: ErrorOut, 429: ErrorOut},
    summary="The notice board's printable poster (A4 PDF, with QR codes)",
    openapi_extra=file_answer(
        "application/pdf",
        "The poster of the board: its people in charge and "
        "commitments, with QR codes to the board and to the report page",
    ),
)
def public_poster(request, code: str):
    """The same PDF as the poster page's download, under the same limit per address."""
    board = notice_board_get(code)
    limit_hit("poster_address", client_address(request))
    return poster_response(request, board)
