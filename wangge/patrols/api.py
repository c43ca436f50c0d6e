"""REST v1 for patrols (巡查): start, track points, check-ins, findings reported, end.

Patrols are read through `patrols_visible_to`: another cell's patrol answers 404; only
the patrol's own worker may add to it (403 for anyone else who can see it).
"""

from ninja import Field as SchemaField
from ninja import Header, Query, Router, Status

from wangge.access.jurisdiction import region_get_for_user
from wangge.cases.schemas import CaseCreatedOut
from wangge.cases.services import Report
from wangge.core.ratelimit import limited
from wangge.core.schemas import ErrorOut, PageQuery, RowId, page_of
from wangge.patrols import services
from wangge.patrols.schemas import (
    CheckInIn,
    CheckInOut,
    FindingIn,
    PatrolDetailOut,
    PatrolListOut,
    PatrolOut,
    PatrolStartIn,
    PointsAddedOut,
    PointsIn,
)
from wangge.patrols.selectors import patrol_get_for_user, patrols_visible_to

router = Router(tags=["patrols"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class PatrolListQuery(PageQuery):
    mine: bool = SchemaField(False, description="Only the caller's own patrols")


def _patrol(request, id: int):
    return patrol_get_for_user(request.user, id)


@router.get("/patrols", response=PatrolListOut, summary="Patrols in the caller's area")
def patrol_list(request, query: Query[PatrolListQuery]):
    """Newest first; a grid worker sees their cell's, a township its cells'."""
    patrols = patrols_visible_to(request.user)
    if query.mine:
        patrols = patrols.filter(worker=request.user)
    return page_of(patrols, query)


@router.post("/patrols", response={201: PatrolOut, **ERRORS}, summary="Start a patrol")
def patrol_start(request, payload: PatrolStartIn | None = None):
    """Start walking a cell; 400 naming `patrol` while another patrol is under way."""
    code = payload.cell if payload else ""
    cell = region_get_for_user(request.user, code) if code else None
    patrol = services.patrol_start(worker=request.user, cell=cell)
    return Status(201, _patrol(request, patrol.pk))


@router.get(
    "/patrols/{id}",
    response={200: PatrolDetailOut, 404: ErrorOut},
    summary="One patrol with its track",
)
def patrol_detail(request, id: RowId):
    return _patrol(request, id)


@router.post(
    "/patrols/{id}/points",
    response={200: PointsAddedOut, **ERRORS},
    summary="Add track points (in bulk)",
)
def patrol_points(request, id: RowId, payload: PointsIn):
    """Points far outside the cell, with an impossible accuracy or time refuse the batch,
    naming the point (`points[3].lon`)."""
    return services.patrol_points_add(
        patrol=_patrol(request, id),
        actor=request.user,
        points=[services.TrackPoint(**p.model_dump()) for p in payload.points],
    )._asdict()


@router.post(
    "/patrols/{id}/check-ins",
    response={201: CheckInOut, **ERRORS},
    summary="Check in at a place",
)
def patrol_check_in(request, id: RowId, payload: CheckInIn):
    check_in = services.patrol_check_in(
        patrol=_patrol(request, id), actor=request.user, **payload.model_dump()
    )
    return Status(201, check_in)


@router.post(
    "/patrols/{id}/end", response={200: PatrolOut, **ERRORS}, summary="End a patrol"
)
def patrol_end(request, id: RowId):
    services.patrol_end(patrol=_patrol(request, id), actor=request.user)
    return _patrol(request, id)


@router.post(
    "/patrols/{id}/cases",
    response={201: CaseCreatedOut, 429: ErrorOut, **ERRORS},
    summary="Report a problem found on the patrol",
)
@limited("intake_user")
def patrol_report(
    request,
    id: RowId,
    payload: FindingIn,
    idempotency_key: str = Header(
        "",
        alias="Idempotency-Key",
        max_length=128,
        description="Send the same key again after a lost answer: no second case",
    ),
):
    """A case of channel `patrol`, linked to the patrol; `solved_on_the_spot` for 自行处置."""
    reporter = payload.reporter
    report = Report(
        category=payload.category,
        description=payload.description,
        lon=payload.lon,
        lat=payload.lat,
        channel=payload.channel,
        crs=payload.crs,
        address=payload.address,
        reporter_name=reporter.name if reporter else "",
        reporter_phone=reporter.phone if reporter else "",
        reporter_email=reporter.email if reporter else "",
        priority=payload.priority,
        attributes=payload.attributes,
        photos=[photo.model_dump() for photo in payload.photos],
        solved_on_the_spot=payload.solved_on_the_spot,
    )
    intake = services.patrol_report(
        patrol=_patrol(request, id),
        actor=request.user,
        report=report,
        idempotency_key=idempotency_key,
    )
    case = intake.case
    case.possible_duplicates = [c.number for c in intake.possible_duplicates]
    return Status(201, case)
