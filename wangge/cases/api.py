"""REST v1 for cases: intake, lists, detail with timeline, workflow actions and oversight.

Every endpoint fetches the case through `access` first, so a case outside the caller's
area answers 404 exactly like one that does not exist; then it calls one service and
serializes. Errors are mapped once, in `api.setup`: `ValidationError` and
`TransitionNotAllowed` → 400 naming the field (409 when the case's state moved on),
`PermissionDenied` → 403.
"""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Header, PathEx, Query, Router, Status, UploadedFile

from wangge.cases import services
from wangge.cases.access import case_get_for_user
from wangge.cases.models import CaseAttachment
from wangge.cases.photo_files import photo_of, photo_response
from wangge.cases.photos import max_photo_bytes
from wangge.cases.schemas import (
    ACTION_SLUGS,
    ActionIn,
    AssistAcceptIn,
    AssistIn,
    AssistOut,
    AssistReportIn,
    CaseCreatedOut,
    CaseIn,
    CaseListOut,
    CaseListQuery,
    CaseOut,
    DecisionIn,
    ExtensionIn,
    ExtensionRequestOut,
    PhotoOut,
    RatingIn,
    ReturnVisitIn,
    ShelvingIn,
    ShelvingRequestOut,
    SupervisionIn,
    SupervisionOrderOut,
    SupervisionReplyIn,
    UnshelveIn,
)
from wangge.cases.selectors import (
    case_detail_get,
    case_details_load,
    case_page,
)
from wangge.core.ratelimit import limited
from wangge.core.schemas import ErrorOut, RowId, file_answer

router = Router(tags=["cases"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CaseId = Annotated[
    str,
    PathEx(description="The case number (e.g. 20261130000042) or its numeric id"),
]


def _case(request, id: str):
    """The case, if it lies in the caller's area; 404 otherwise."""
    return case_get_for_user(request.user, id)


@router.post(
    "/cases",
    response={201: CaseCreatedOut, 400: ErrorOut, 429: ErrorOut},
    summary="Report a case (any channel)",
)
@limited("intake_user")
def case_create(
    request,
    payload: CaseIn,
    idempotency_key: str = Header(
        "",
        alias="Idempotency-Key",
        max_length=128,
        description="Send the same key again (e.g. after a timeout) to get the case the "
        "first request created instead of a second case",
    ),
):
    """Take in a report: validated, located, numbered, recorded and announced to its node.

    A replay with the same `Idempotency-Key` by the same client answers the same case;
    the same key with a different body is refused (400 naming `Idempotency-Key`).
    """
    reporter = payload.reporter
    report = services.Report(
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
    intake = services.case_create(
        report=report, actor=request.user, idempotency_key=idempotency_key
    )
    # Intake hands back the case with its record in hand: the answer reads nothing again.
    case = intake.case
    # Read by `CaseCreatedOut`; the duplicates belong to this answer, not to the case.
    case.possible_duplicates = [c.number for c in intake.possible_duplicates]
    return Status(201, case)


@router.get(
    "/cases",
    response={200: CaseListOut, 400: ErrorOut},
    summary="Cases in the caller's area",
)
def case_list_view(request, query: Query[CaseListQuery]):
    """The cases the caller may see, filtered, newest first: `limit` (≤ 200) after `cursor`
    (the `next` of the page before), skipping `offset`. The count stops at a cap."""
    return case_page(
        request.user,
        query.case_filter(),
        limit=query.limit,
        offset=query.offset,
        cursor=query.cursor,
        sort=query.sort,
    )


@router.get(
    "/cases/{id}",
    response={200: CaseOut, 404: ErrorOut},
    summary="One case with its timeline and allowed actions",
)
def case_detail(request, id: CaseId):
    """The case, its timeline (oldest first), photos, oversight and what the caller may do."""
    return case_detail_get(request.user, id)


@router.post(
    "/cases/{id}/actions/{action}",
    response={200: CaseOut, 409: ErrorOut, **ERRORS},
    summary="Take a workflow action",
    description=f"Take `action` (one of {ACTION_SLUGS}) on the case; answers the case "
    "after it. 409 with the case's `state` when that state does not allow the action "
    "(typically someone else acted first); 400 with the reason when the caller's "
    "standing to the case or a parameter does not allow it.",
)
def case_action(request, id: CaseId, action: str, payload: ActionIn | None = None):
    """A workflow step; an empty body counts as no note and no parameters."""
    payload = payload or ActionIn()
    case = services.case_transition(
        case=_case(request, id),
        action=action,
        actor=request.user,
        note=payload.note,
        params=payload.model_dump(include={"department", "region", "into"}),
    )
    return case_details_load(case)


@router.post(
    "/cases/{id}/photos",
    response={201: PhotoOut, **ERRORS},
    summary="Add a photo",
)
def case_photo_add(
    request,
    id: CaseId,
    stage: Form[CaseAttachment.Stage],
    file: File[UploadedFile],
):
    """Attach a JPEG, PNG or WebP photo: before handling, after it, or taken at verification.

    A photo joins the next event of the case; verification needs one taken on site.
    """
    case = _case(request, id)
    if file.size > max_photo_bytes():
        raise ValidationError(
            {
                "file": _(
                    "The photo is %(size)d bytes; at most %(limit)d are accepted."
                )
                % {"size": file.size, "limit": max_photo_bytes()}
            }
        )
    photo = services.case_photo_add(
        case=case, actor=request.user, stage=stage, name=file.name, data=file.read()
    )
    return Status(201, photo)


@router.get(
    "/cases/{id}/photos/{photo_id}",
    response={200: None, 404: ErrorOut},
    summary="Download a photo of a case",
    openapi_extra=file_answer(
        "image/*",
        "The photo's file (JPEG, PNG or WebP), as it was uploaded",
    ),
)
def case_photo_get(request, id: CaseId, photo_id: RowId):
    """The file of one of the case's photos (each photo's `url` in the case names the
    page's address of the same file); 404 outside the caller's area."""
    case = _case(request, id)
    return photo_response(photo_of(case.attachments.all(), photo_id))


@router.post(
    "/cases/{id}/supervision",
    response={201: SupervisionOrderOut, **ERRORS},
    summary="Issue a supervision order (督办)",
)
def case_supervise(request, id: CaseId, payload: SupervisionIn):
    """A supervisor or leader at or above the case's node orders it handled, reply due by `due_at`."""
    order = services.case_supervise(
        case=_case(request, id),
        actor=request.user,
        instructions=payload.instructions,
        due_at=payload.due_at,
    )
    return Status(201, order)


@router.post(
    "/cases/{id}/supervision/{order_id}/reply",
    response={200: SupervisionOrderOut, **ERRORS},
    summary="Reply to a supervision order",
)
def supervision_reply(
    request, id: CaseId, order_id: RowId, payload: SupervisionReplyIn
):
    """The handling unit or the case's node answers the order."""
    order = _child(_case(request, id).supervision_orders, order_id)
    return services.supervision_reply(
        order=order, actor=request.user, reply=payload.reply
    )


@router.post(
    "/cases/{id}/extensions",
    response={201: ExtensionRequestOut, **ERRORS},
    summary="Ask for more time (延期)",
)
def extension_request(request, id: CaseId, payload: ExtensionIn):
    """The handling unit asks the dispatching node for more working hours or days."""
    extension = services.extension_request(
        case=_case(request, id),
        actor=request.user,
        amount=payload.amount,
        unit=payload.unit,
        reason=payload.reason,
    )
    return Status(201, extension)


@router.post(
    "/cases/{id}/extensions/{request_id}/decision",
    response={200: ExtensionRequestOut, **ERRORS},
    summary="Approve or refuse more time",
)
def extension_decide(request, id: CaseId, request_id: RowId, payload: DecisionIn):
    """The node's desk or leader decides; approved, the deadline moves."""
    extension = _child(_case(request, id).extension_requests, request_id)
    return services.extension_decide(
        request=extension,
        actor=request.user,
        approve=payload.approve,
        note=payload.note,
    )


@router.post(
    "/cases/{id}/shelving",
    response={201: ShelvingRequestOut, **ERRORS},
    summary="Ask to shelve the case (挂账)",
)
def shelving_request(request, id: CaseId, payload: ShelvingIn):
    """The handling unit or the case's node asks to shelve a case that cannot be solved now."""
    shelving = services.shelving_request(
        case=_case(request, id), actor=request.user, reason=payload.reason
    )
    return Status(201, shelving)


@router.post(
    "/cases/{id}/shelving/{request_id}/decision",
    response={200: ShelvingRequestOut, **ERRORS},
    summary="Approve or refuse shelving",
)
def shelving_decide(request, id: CaseId, request_id: RowId, payload: DecisionIn):
    """A leader at or above the case's node decides; approved, the clock stops."""
    shelving = _child(_case(request, id).shelving_requests, request_id)
    return services.shelving_decide(
        request=shelving,
        actor=request.user,
        approve=payload.approve,
        note=payload.note,
    )


@router.post(
    "/cases/{id}/unshelve",
    response={200: CaseOut, **ERRORS},
    summary="Take the case off the shelf",
)
def shelving_release(request, id: CaseId, payload: UnshelveIn | None = None):
    """The clock runs again; the deadlines move on by the working time spent shelved."""
    case = services.shelving_release(
        case=_case(request, id),
        actor=request.user,
        note=(payload or UnshelveIn()).note,
    )
    return case_details_load(case)


@router.post(
    "/cases/{id}/rating",
    response={200: CaseOut, **ERRORS},
    summary="Rate a closed case",
)
def case_rate(request, id: CaseId, payload: RatingIn):
    """The reporter's satisfaction, or the desk's record of it; unsatisfied asks for a return visit."""
    case = services.case_rate(
        case=_case(request, id),
        actor=request.user,
        satisfaction=payload.satisfaction,
        comment=payload.comment,
    )
    return case_details_load(case)


@router.post(
    "/cases/{id}/return-visit",
    response={200: CaseOut, **ERRORS},
    summary="Record a return visit (回访)",
)
def case_return_visit(request, id: CaseId, payload: ReturnVisitIn):
    """The desk records what the reporter said when visited again."""
    case = services.case_return_visit(
        case=_case(request, id), actor=request.user, note=payload.note
    )
    return case_details_load(case)


@router.post(
    "/cases/{id}/assists",
    response={201: AssistOut, **ERRORS},
    summary="Ask a unit to assist (协办)",
)
def assist_add(request, id: CaseId, payload: AssistIn):
    """The case's desk or its lead unit names an assisting department or territorial unit
    (community, township or grid cell) and its part of the work."""
    assist = services.assist_add(
        case=_case(request, id),
        actor=request.user,
        task=payload.task,
        department=payload.department,
        region=payload.region,
    )
    return Status(201, assist)


@router.post(
    "/cases/{id}/assists/{assist_id}/accept",
    response={200: AssistOut, **ERRORS},
    summary="Accept an assisting part",
)
def assist_accept(request, id: CaseId, assist_id: int, payload: AssistAcceptIn):
    """The assisting unit accepts its part."""
    assist = _child(_case(request, id).assists, assist_id)
    return services.assist_accept(assist=assist, actor=request.user, note=payload.note)


@router.post(
    "/cases/{id}/assists/{assist_id}/report",
    response={200: AssistOut, **ERRORS},
    summary="Report an assisting part done",
)
def assist_report(request, id: CaseId, assist_id: int, payload: AssistReportIn):
    """The assisting unit reports its part done; the lead alone reports the case handled."""
    assist = _child(_case(request, id).assists, assist_id)
    return services.assist_report(
        assist=assist, actor=request.user, report=payload.report
    )


def _child(related, pk: int):
    """A supervision order or request of this case, by id; 404 for one of another case."""
    found = related.filter(pk=pk).first()
    if found is None:
        raise Http404("No such order or request.")
    return found
