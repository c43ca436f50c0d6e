"""State changes of a case: the only code that assigns `case.state`.

`case_transition` runs in one transaction with the case row locked, asks `workflow` for the
new state, applies what the action means (handling unit, node, instants), ends the current
stage's clock and starts the next one's (`stages`), writes one event and notifies, all or
nothing. The event records whether the stage it ended kept its deadline.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.cases import deadlines, workflow
from wangge.cases.access import case_post_for, case_roles, cases_visible_to
from wangge.cases.models import Case, CaseAttachment, EventKind
from wangge.cases.recipients import (
    desk_staff,
    grid_chiefs,
    grid_staff,
    handling_unit_staff,
)
from wangge.cases.routing import TERRITORIAL_UNIT_LEVELS, Route, route_for
from wangge.cases.services.events import case_lock, event_record
from wangge.cases.signals import case_escalated
from wangge.core import clock
from wangge.notifications.models import NotificationKind
from wangge.notifications.services import notify_reporter, notify_staff
from wangge.people.models import Department
from wangge.regions.levels import PLATFORM_LEVELS, Level
from wangge.regions.models import Region

A = workflow.Action

# Actions whose reason must be written down.
_NEEDS_NOTE = {A.REJECT, A.RETURN, A.ESCALATE, A.SEND_DOWN, A.VERIFY_FAIL, A.REOPEN}


def case_transition(
    *,
    case: Case,
    action: str,
    actor,
    note: str = "",
    params: dict | None = None,
    roles=None,
) -> Case:
    """Take `action` on `case` as `actor` (None for the system); returns the updated case.

    Raises `workflow.TransitionNotAllowed` when the state or the actor's standing to this
    case does not allow it, and `ValidationError` (naming the field) for bad parameters.
    `roles` replaces the actor's roles for system actions (the deadline sweep).
    """
    params = params or {}
    with transaction.atomic():
        case = case_lock(case)
        held = roles if roles is not None else case_roles(actor, case, action)
        new_state = workflow.next_state(case.state, action, held, case.node.level)
        if action in _NEEDS_NOTE and not note.strip():
            raise ValidationError({"note": _("Give the reason for this action.")})
        if action == A.HANDLE and not note.strip():
            _require_assisting_parts_reported(case)
        now = clock.now()
        from_state = case.state
        # The post is the one the actor acts in now, before the effect moves the case.
        post = case_post_for(actor, case, action) if actor is not None else None
        ended = deadlines.stage_end(case, now)
        effect = _EFFECTS.get(action, _no_effect)
        data = effect(case, actor, params, now) or {}
        case.state = new_state
        deadlines.stage_start(case, now)
        case.save()
        event = event_record(
            case,
            EventKind(action),
            actor=actor,
            post=post,
            from_state=from_state,
            note=note.strip(),
            data=data | ended,
            at=now,
        )
        CaseAttachment.objects.filter(case=case, event__isnull=True).update(event=event)
        _notify(case, action, note)
        if action == A.ESCALATE:
            case_escalated.send(sender=Case, case=case, from_node=data["from_node"])
    return case


def _no_effect(case, actor, params, now):
    return None


def _register(case, actor, params, now):
    case.registered_at = case.registered_at or now


def _route(case: Case, params: dict) -> Route:
    if params.get("department"):
        department = (
            Department.objects.filter(code=params["department"])
            .select_related("region")
            .first()
        )
        if department is None:
            raise ValidationError({"department": _("There is no such department.")})
        # Only a department answering for the case's place: the city's or its district's.
        if not case.cell_path.startswith(department.region.path):
            raise ValidationError(
                {
                    "department": _(
                        "Choose a department of the city or of the district the case "
                        "lies in."
                    )
                }
            )
        return Route(department=department)
    if params.get("region"):
        region = Region.objects.filter(
            code=params["region"], level__in=TERRITORIAL_UNIT_LEVELS
        ).first()
        if region is None or not case.cell_path.startswith(region.path):
            raise ValidationError(
                {
                    "region": _(
                        "Choose the community, township or grid cell the case lies in."
                    )
                }
            )
        if region.level == Level.CELL and not grid_chiefs(region):
            raise ValidationError(
                {"region": _("This grid cell has no grid chief to handle the case.")}
            )
        return Route(region=region)
    route = route_for(case.category, case.cell, case.node)
    if not route:
        raise ValidationError(
            {
                "department": _(
                    "No handling unit is set up for this category here; choose one."
                )
            }
        )
    return route


def _dispatch(case, actor, params, now):
    route = _route(case, params)
    case.handler_department = route.department
    case.handler_region = route.region
    case.dispatched_at = now
    return {
        "department": route.department.code if route.department else None,
        "region": route.region.code if route.region else None,
    }


def _clear_handler(case):
    case.handler_department = None
    case.handler_region = None


def _accept(case, actor, params, now):
    case.accepted_at = now


def _return(case, actor, params, now):
    unit = case.handling_unit
    _clear_handler(case)
    return {"returned_by": str(unit) if unit else ""}


def _escalate(case, actor, params, now):
    # `workflow.BARRED_AT_NODE` keeps the city from escalating: a parent is always there.
    parent = case.node.parent
    previous = case.node
    _clear_handler(case)
    case.node, case.node_since = parent, now
    return {"from_node": previous.code, "to_node": parent.code}


def _send_down(case, actor, params, now):
    # `workflow.BARRED_AT_NODE` keeps a community from sending down: a child is always there.
    child = Region.objects.get(
        code__in=case.cell.ancestor_codes, parent=case.node, level__in=PLATFORM_LEVELS
    )
    previous = case.node
    _clear_handler(case)
    case.node, case.node_since = child, now
    return {"from_node": previous.code, "to_node": child.code}


def _merge(case, actor, params, now):
    number = params.get("into", "")
    target = cases_visible_to(actor).filter(number=number).first() if actor else None
    if target is None or target.pk == case.pk or not target.is_open:
        raise ValidationError(
            {"into": _("Choose an open case in your area to merge into.")}
        )
    case.merged_into = target
    return {"into": target.number}


def _open_parts(case) -> list[str]:
    """Names of the assisting units whose part is not reported done."""
    return [
        str(assist.unit.name)
        for assist in case.assists.select_related("department", "region")
        if assist.is_open
    ]


def _require_assisting_parts_reported(case) -> None:
    """The lead reports the case handled once every assisting part is reported, or says why not."""
    still_open = _open_parts(case)
    if still_open:
        raise ValidationError(
            {
                "note": _(
                    "%(units)s have not reported their part yet: say why the case is "
                    "handled without it."
                )
                % {"units": "、".join(still_open)}
            }
        )


def _handle(case, actor, params, now):
    case.handled_at = now
    still_open = _open_parts(case)
    return {"open_assists": still_open} if still_open else None


def _verify_pass(case, actor, params, now):
    _require_verification_photo(case)
    case.closed_at = now


def _verify_fail(case, actor, params, now):
    _require_verification_photo(case)
    case.handled_at = None
    if case.handling_unit is None:
        # Solved on the spot by the grid: the rework falls to the community that owns it.
        case.handler_region = case.node


def _require_verification_photo(case):
    if not CaseAttachment.objects.filter(
        case=case, stage=CaseAttachment.Stage.VERIFICATION, event__isnull=True
    ).exists():
        raise ValidationError(
            {"photos": _("Verification needs a photo taken on site; upload it first.")}
        )


def _reopen(case, actor, params, now):
    case.closed_at = None
    case.handled_at = None
    # The reporter rates the outcome of the new round; the old rating stays in the events.
    case.satisfaction, case.rating_comment, case.rated_at = "", "", None
    _clear_handler(case)


def _self_handle(case, actor, params, now):
    case.registered_at = now
    case.handled_at = now


_EFFECTS = {
    A.REGISTER: _register,
    A.DISPATCH: _dispatch,
    A.ACCEPT: _accept,
    A.RETURN: _return,
    A.ESCALATE: _escalate,
    A.SEND_DOWN: _send_down,
    A.MERGE: _merge,
    A.HANDLE: _handle,
    A.VERIFY_PASS: _verify_pass,
    A.VERIFY_FAIL: _verify_fail,
    A.REOPEN: _reopen,
    A.SELF_HANDLE: _self_handle,
}


def _node_desk(case: Case):
    return desk_staff(case.node)


# Who must act next after each action, and what their inbox calls it.
_NEXT = {
    A.DISPATCH: (handling_unit_staff, NotificationKind.DISPATCHED),
    A.ESCALATE: (_node_desk, NotificationKind.ESCALATED),
    A.SEND_DOWN: (_node_desk, NotificationKind.SENT_DOWN),
    A.RETURN: (_node_desk, NotificationKind.RETURNED),
    A.REOPEN: (_node_desk, NotificationKind.REOPENED),
    A.HANDLE: (grid_staff, NotificationKind.VERIFICATION_NEEDED),
    A.SELF_HANDLE: (grid_staff, NotificationKind.VERIFICATION_NEEDED),
    A.VERIFY_FAIL: (handling_unit_staff, NotificationKind.REWORK),
}


def _notify(case: Case, action: str, note: str) -> None:
    """Tell those who must act next, and the reporter when the case ends."""
    label = workflow.Action(action).label
    title = _("%(number)s: %(action)s") % {"number": case.number, "action": label}
    whom = _NEXT.get(action)
    if whom is not None:
        recipients, kind = whom
        notify_staff(
            recipients(case), kind=kind, case=case, title=title, body=note[:200]
        )
    if action in (A.VERIFY_PASS, A.REJECT):
        _tell_reporters(case, action, note)


def _tell_reporters(case: Case, action: str, note: str) -> None:
    """The reporter of the case and of every report merged into it hear the outcome."""
    if action == A.VERIFY_PASS:
        body = _(
            "Your report %(number)s has been dealt with and closed. Please rate how it was handled."
        )
    else:
        body = _("Your report %(number)s was not accepted: %(reason)s")
    for report in [case, *_merged_reports(case)]:
        if report.reporter_phone or report.reporter_email:
            notify_reporter(
                report,
                phone=report.reporter_phone,
                email=report.reporter_email,
                body=body % {"number": report.number, "reason": note},
            )


def _merged_reports(case: Case) -> list[Case]:
    """Every report merged into the case, also by way of a case merged into it later."""
    found: list[Case] = []
    level = [case.pk]
    while level:
        reports = list(Case.objects.filter(merged_into__in=level).order_by("pk"))
        found += reports
        level = [r.pk for r in reports]
    return found
