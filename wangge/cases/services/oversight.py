"""Tracking and supervision (跟踪督查): supervision orders, extensions, shelving, photos, rating.

These change flags and deadlines, never the state; each writes an event like a transition.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.cases import deadlines
from wangge.cases.access import (
    PHOTO_STEPS,
    CaseStep,
    is_reporter,
    step_post,
    step_state_allows,
)
from wangge.cases.models import (
    Case,
    CaseAttachment,
    EventKind,
    ExtensionRequest,
    RequestStatus,
    Satisfaction,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.cases.photos import photo_display_name, photo_validate
from wangge.cases.recipients import desk_staff, handling_unit_staff, staff_of
from wangge.cases.services.events import case_lock, event_record
from wangge.catalogue.choices import LimitUnit
from wangge.core import clock
from wangge.notifications.models import NotificationKind
from wangge.notifications.services import notify_staff
from wangge.people.roles import Role
from wangge.regions.models import Region


def _refuse(message: str):
    raise PermissionDenied(message)


def _require_open(case: Case, step: str) -> None:
    """Refuse a step the case's state rules out (`access.step_rules` says which states)."""
    if not step_state_allows(case, step):
        raise ValidationError({"state": _("The case is no longer open.")})


@transaction.atomic
def case_supervise(*, case: Case, actor, instructions: str, due_at) -> SupervisionOrder:
    """Issue a supervision order (督办) from a node at or above the case's: reply due by `due_at`."""
    case = case_lock(case)
    post = step_post(actor, case, CaseStep.SUPERVISE) or _refuse(
        _("Only supervisors and leaders above the case may issue a supervision order.")
    )
    _require_open(case, CaseStep.SUPERVISE)
    if not instructions.strip():
        raise ValidationError({"instructions": _("Write what must be done.")})
    if due_at <= clock.now():
        raise ValidationError({"due_at": _("The reply is due in the future.")})
    order = SupervisionOrder.objects.create(
        case=case,
        node=post.region,
        issued_by=actor,
        instructions=instructions.strip(),
        due_at=due_at,
    )
    case.is_supervised = True
    case.save(update_fields=["is_supervised", "updated_at"])
    event_record(
        case,
        EventKind.SUPERVISE,
        actor=actor,
        post=post,
        from_state=case.state,
        note=order.instructions,
        data={
            "order": order.pk,
            "due_at": due_at.isoformat(),
            "node": post.region.code,
        },
    )
    notify_staff(
        handling_unit_staff(case) or desk_staff(case.node),
        kind=NotificationKind.SUPERVISION,
        case=case,
        title=_("Supervision order on %(number)s") % {"number": case.number},
        body=order.instructions[:200],
    )
    return order


@transaction.atomic
def supervision_reply(
    *, order: SupervisionOrder, actor, reply: str
) -> SupervisionOrder:
    """Answer a supervision order: the handling unit or the owning node's desk replies."""
    case = case_lock(order.case)
    post = step_post(actor, case, CaseStep.SUPERVISION_REPLY) or _refuse(
        _("Only the handling unit or the case's node may reply.")
    )
    order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    if order.issued_by_id == actor.pk:
        _refuse(_("The handling unit or the case's node answers the order you issued."))
    _require_open(case, CaseStep.SUPERVISION_REPLY)
    if not order.is_open:
        raise ValidationError({"reply": _("This order was already answered.")})
    if not reply.strip():
        raise ValidationError({"reply": _("Write the reply.")})
    order.reply, order.replied_by, order.replied_at = reply.strip(), actor, clock.now()
    order.save()
    case.is_supervised = case.supervision_orders.filter(
        replied_at__isnull=True
    ).exists()
    case.save(update_fields=["is_supervised", "updated_at"])
    event_record(
        case,
        EventKind.SUPERVISION_REPLY,
        actor=actor,
        post=post,
        from_state=case.state,
        note=order.reply,
        data={"order": order.pk},
    )
    notify_staff(
        [order.issued_by],
        kind=NotificationKind.SUPERVISION_REPLIED,
        case=case,
        title=_("Reply to the supervision order on %(number)s")
        % {"number": case.number},
        body=order.reply[:200],
    )
    return order


@transaction.atomic
def extension_request(
    *, case: Case, actor, amount: int, unit: str, reason: str
) -> ExtensionRequest:
    """The handling unit asks the dispatching node for more time (延期)."""
    case = case_lock(case)
    post = step_post(actor, case, CaseStep.EXTENSION_REQUEST) or _refuse(
        _("Only the handling unit may ask for more time.")
    )
    if not step_state_allows(case, CaseStep.EXTENSION_REQUEST):
        raise ValidationError(
            {"state": _("More time can be asked for only while the case is handled.")}
        )
    errors = {}
    if unit not in LimitUnit.values:
        errors["unit"] = _("Use hours or days.")
    if not isinstance(amount, int) or amount < 1:
        errors["amount"] = _("Ask for at least one hour or day.")
    if not reason.strip():
        errors["reason"] = _("Give the reason.")
    if case.extension_requests.filter(status=RequestStatus.PENDING).exists():
        errors["amount"] = _(
            "A request for more time is already waiting for a decision."
        )
    if errors:
        raise ValidationError(errors)
    request = ExtensionRequest.objects.create(
        case=case, requested_by=actor, amount=amount, unit=unit, reason=reason.strip()
    )
    event_record(
        case,
        EventKind.EXTENSION_REQUEST,
        actor=actor,
        post=post,
        from_state=case.state,
        note=request.reason,
        data={"request": request.pk, "amount": amount, "unit": unit},
    )
    notify_staff(
        desk_staff(case.node),
        kind=NotificationKind.EXTENSION_REQUESTED,
        case=case,
        title=_("%(number)s asks for more time") % {"number": case.number},
        body=request.reason[:200],
    )
    return request


@transaction.atomic
def extension_decide(
    *, request: ExtensionRequest, actor, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The node's desk or leader approves (the deadline moves) or refuses a request for more time."""
    case = case_lock(request.case)
    post = step_post(actor, case, CaseStep.EXTENSION_DECIDE) or _refuse(
        _("Only the dispatching node decides on more time.")
    )
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise ValidationError({"status": _("This request was already decided.")})
    if approve and not step_state_allows(case, CaseStep.EXTENSION_DECIDE):
        # Reported handled while the request waited: no time is left to extend.
        raise ValidationError(
            {"status": _("The work is reported done; there is nothing to extend.")}
        )
    now = clock.now()
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = (
        actor,
        now,
        note.strip(),
    )
    request.save()
    if approve and case.deadline is not None:
        deadlines.extend(case, request, now)
        case.save()
    event_record(
        case,
        EventKind.EXTENSION_APPROVED if approve else EventKind.EXTENSION_REFUSED,
        actor=actor,
        post=post,
        from_state=case.state,
        note=request.decision_note,
        data={
            "request": request.pk,
            "deadline": case.deadline.isoformat() if case.deadline else None,
        },
    )
    notify_staff(
        [request.requested_by],
        kind=NotificationKind.EXTENSION_DECIDED,
        case=case,
        title=_("Request for more time on %(number)s: %(status)s")
        % {"number": case.number, "status": request.get_status_display()},
        body=request.decision_note[:200],
    )
    return request


@transaction.atomic
def shelving_request(*, case: Case, actor, reason: str) -> ShelvingRequest:
    """Ask to shelve (挂账) a case that cannot be solved now; a leader above decides."""
    case = case_lock(case)
    post = step_post(actor, case, CaseStep.SHELVING_REQUEST) or _refuse(
        _("Only the handling unit or the case's node may ask to shelve it.")
    )
    _require_open(case, CaseStep.SHELVING_REQUEST)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if (
        case.is_shelved
        or case.shelving_requests.filter(status=RequestStatus.PENDING).exists()
    ):
        raise ValidationError(
            {"reason": _("The case is already shelved or waiting for a decision.")}
        )
    request = ShelvingRequest.objects.create(
        case=case, requested_by=actor, reason=reason.strip()
    )
    event_record(
        case,
        EventKind.SHELVING_REQUEST,
        actor=actor,
        post=post,
        from_state=case.state,
        note=request.reason,
        data={"request": request.pk},
    )
    notify_staff(
        _nearest_leaders(case.node),
        kind=NotificationKind.SHELVING_REQUESTED,
        case=case,
        title=_("%(number)s: request to shelve") % {"number": case.number},
        body=request.reason[:200],
    )
    return request


@transaction.atomic
def shelving_decide(
    *, request: ShelvingRequest, actor, approve: bool, note: str = ""
) -> ShelvingRequest:
    """Approve (the clock stops, the case stays visible and counted) or refuse shelving."""
    case = case_lock(request.case)
    post = step_post(actor, case, CaseStep.SHELVING_DECIDE) or _refuse(
        _("Only a leader at or above the case's node may decide on shelving.")
    )
    request = ShelvingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise ValidationError({"status": _("This request was already decided.")})
    if approve:
        # Handled and closed while the request waited: there is nothing left to shelve.
        _require_open(case, CaseStep.SHELVING_DECIDE)
    now = clock.now()
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    request.decided_by, request.decided_at = actor, now
    request.save()
    if approve:
        case.is_shelved, case.shelved_since = True, now
        case.save()
    event_record(
        case,
        EventKind.SHELVED if approve else EventKind.SHELVING_REFUSED,
        actor=actor,
        post=post,
        from_state=case.state,
        note=note.strip(),
        data={"request": request.pk},
    )
    notify_staff(
        [request.requested_by],
        kind=NotificationKind.SHELVING_DECIDED,
        case=case,
        title=_("Request to shelve %(number)s: %(status)s")
        % {"number": case.number, "status": request.get_status_display()},
        body=note.strip()[:200],
    )
    return request


def _nearest_leaders(node) -> list:
    """The leaders of the node, or of the nearest node above it that has any: they decide."""
    nodes = Region.objects.filter(code__in=node.ancestor_codes).order_by("-path")
    for region in nodes:
        leaders = staff_of([region], [Role.LEADER])
        if leaders:
            return leaders
    return []


@transaction.atomic
def shelving_release(*, case: Case, actor, note: str = "") -> Case:
    """Take a case off the shelf: its deadlines move on by the working time it sat there."""
    case = case_lock(case)
    post = step_post(actor, case, CaseStep.UNSHELVE) or _refuse(
        _("Only a leader at or above the case's node may take it off the shelf.")
    )
    if not case.is_shelved:
        raise ValidationError({"state": _("The case is not shelved.")})
    now = clock.now()
    ShelvingRequest.objects.filter(
        case=case, status=RequestStatus.APPROVED, released_at__isnull=True
    ).update(released_at=now)
    if case.deadline is not None:
        deadlines.unshelve(case, now)
    else:
        case.is_shelved, case.shelved_since = False, None
    case.save()
    event_record(
        case,
        EventKind.UNSHELVED,
        actor=actor,
        post=post,
        from_state=case.state,
        note=note.strip(),
    )
    return case


@transaction.atomic
def case_photo_add(
    *, case: Case, actor, stage: str, name: str, data: bytes
) -> CaseAttachment:
    """Attach a photo; it joins the next event (e.g. the verification it proves)."""
    case = case_lock(case)
    if stage not in CaseAttachment.Stage.values:
        raise ValidationError({"stage": _("Unknown photo stage.")})
    step = PHOTO_STEPS[stage]
    if step_post(actor, case, step) is None:
        _refuse(_("You may not add this kind of photo to this case."))
    if not step_state_allows(case, step):
        raise ValidationError(
            {
                "stage": _(
                    "A photo of this kind does not fit a case that is “%(state)s”."
                )
                % {"state": case.get_state_display()}
            }
        )
    content_type = photo_validate(data, field="file")
    return CaseAttachment.objects.create(
        case=case,
        stage=stage,
        file=ContentFile(data, name="photo"),
        original_name=photo_display_name(name),
        content_type=content_type,
        size=len(data),
        uploaded_by=actor,
    )


@transaction.atomic
def case_rate(
    *,
    case: Case,
    actor,
    satisfaction: str,
    comment: str = "",
    by_reporter: bool = False,
) -> Case:
    """The reporter's rating after closure (or the desk's, taken by phone on a return visit).

    An unsatisfied rating asks the desk for a return visit (回访); the desk may reopen the case.
    `by_reporter` says the caller has proved that an anonymous `actor` is the reporter
    (the public portal, by the case's secret tracking code).
    """
    case = case_lock(case)
    reporter = by_reporter or is_reporter(actor, case)
    post = None if reporter else step_post(actor, case, CaseStep.RATE)
    if not reporter and post is None:
        _refuse(
            _(
                "Only the reporter, or the desk on the reporter's behalf, may rate the case."
            )
        )
    if not step_state_allows(case, CaseStep.RATE):
        raise ValidationError({"satisfaction": _("Only a closed case can be rated.")})
    if case.satisfaction:
        raise ValidationError(
            {"satisfaction": _("The case is already rated; a case is rated once.")}
        )
    if satisfaction not in Satisfaction.values:
        raise ValidationError(
            {"satisfaction": _("Choose satisfied, basically satisfied or unsatisfied.")}
        )
    case.satisfaction, case.rating_comment, case.rated_at = (
        satisfaction,
        comment.strip(),
        clock.now(),
    )
    case.save()
    event_record(
        case,
        EventKind.RATE,
        actor=actor,
        post=post,
        from_state=case.state,
        note=case.rating_comment,
        data={"satisfaction": satisfaction},
    )
    if satisfaction == Satisfaction.UNSATISFIED:
        notify_staff(
            desk_staff(case.node),
            kind=NotificationKind.RATED,
            case=case,
            title=_("%(number)s: the reporter is unsatisfied; visit them again")
            % {"number": case.number},
            body=case.rating_comment[:200],
        )
    return case


@transaction.atomic
def case_return_visit(*, case: Case, actor, note: str) -> Case:
    """Record a return visit (回访) to the reporter after an unsatisfied rating."""
    case = case_lock(case)
    post = step_post(actor, case, CaseStep.RETURN_VISIT) or _refuse(
        _("Only the desk records return visits.")
    )
    if not step_state_allows(case, CaseStep.RETURN_VISIT):
        raise ValidationError({"state": _("A return visit follows the closure.")})
    if not note.strip():
        raise ValidationError({"note": _("Write what the reporter said.")})
    event_record(
        case,
        EventKind.RETURN_VISIT,
        actor=actor,
        post=post,
        from_state=case.state,
        note=note.strip(),
    )
    return case
