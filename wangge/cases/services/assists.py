"""Co-handling (条块融合, "one responsible, many cooperating"): assisting units of a case.

The lead (主办) is the case's handling unit and moves it through the workflow; assisting
units (协办), departments and territorial units together, each accept and report their
part. Every step locks the case, writes one event (state unchanged) and notifies, like a
transition. The lead reports the case handled once every part is reported, or says why
not (`transitions._require_assisting_parts_reported`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.cases.access import ASSIST, CaseStep, case_posts, step_post
from wangge.cases.access import step_state_allows as _state_allows
from wangge.cases.models import Case, CaseAssist, EventKind
from wangge.cases.recipients import handling_unit_staff, unit_staff
from wangge.cases.routing import TERRITORIAL_UNIT_LEVELS
from wangge.cases.services.events import case_lock, event_record
from wangge.core import clock
from wangge.notifications.models import NotificationKind
from wangge.notifications.services import notify_staff
from wangge.people.models import Department
from wangge.regions.models import Region


def _require_handling(case: Case) -> None:
    if not _state_allows(case, CaseStep.ASSIST_ACCEPT):
        raise ValidationError(
            {"state": _("Assisting units take part only while the case is handled.")}
        )


def _unit(case: Case, *, department: str, region: str) -> dict:
    """The assisting unit named by code, answering for the case's place; not the lead."""
    if bool(department) == bool(region):
        raise ValidationError(
            {"department": _("Name one assisting unit: a department or a region.")}
        )
    if department:
        found = Department.objects.filter(code=department).select_related("region")
        unit = found.first()
        if unit is None or not case.cell_path.startswith(unit.region.path):
            raise ValidationError(
                {
                    "department": _(
                        "Choose a department of the city or of the district the case "
                        "lies in."
                    )
                }
            )
        if unit.pk == case.handler_department_id:
            raise ValidationError(
                {"department": _("This department already leads the case.")}
            )
        return {"department": unit}
    unit = Region.objects.filter(code=region, level__in=TERRITORIAL_UNIT_LEVELS).first()
    # A neighbouring unit may help: any community, township or cell of the case's district.
    district = case.cell_path.split("/")[2]
    if unit is None or f"/{district}/" not in unit.path:
        raise ValidationError(
            {
                "region": _(
                    "Choose a community, township or grid cell of the case's district."
                )
            }
        )
    if unit.pk == case.handler_region_id:
        raise ValidationError({"region": _("This unit already leads the case.")})
    return {"region": unit}


@transaction.atomic
def assist_add(
    *, case: Case, actor, task: str, department: str = "", region: str = ""
) -> CaseAssist:
    """The owning node's desk or the lead asks a unit to assist with `task` (协办)."""
    case = case_lock(case)
    post = step_post(actor, case, CaseStep.ASSIST_ADD) or _refuse(
        _("Only the case's desk or its lead unit may ask another unit to assist.")
    )
    _require_handling(case)
    if not task.strip():
        raise ValidationError({"task": _("Say what the assisting unit is to do.")})
    unit = _unit(case, department=department, region=region)
    if case.assists.filter(**unit).exists():
        field = next(iter(unit))
        raise ValidationError({field: _("This unit already assists the case.")})
    assist = CaseAssist.objects.create(
        case=case, requested_by=actor, task=task.strip(), **unit
    )
    event_record(
        case,
        EventKind.ASSIST_ADD,
        actor=actor,
        post=post,
        from_state=case.state,
        note=assist.task,
        data={"assist": assist.pk, **_unit_data(assist)},
    )
    notify_staff(
        unit_staff(**unit),
        kind=NotificationKind.ASSIST_REQUESTED,
        case=case,
        title=_("%(number)s: your unit is asked to assist") % {"number": case.number},
        body=assist.task[:200],
    )
    return assist


def _own_post(actor, case: Case, assist: CaseAssist):
    """The actor's post in the assisting unit of `assist`, or a refusal."""
    for post in case_posts(actor, case)[ASSIST]:
        if post.department_id and post.department_id == assist.department_id:
            return post
        if not post.department_id and post.region_id == assist.region_id:
            return post
    return _refuse(_("Only the assisting unit itself may take this step."))


@transaction.atomic
def assist_accept(*, assist: CaseAssist, actor, note: str = "") -> CaseAssist:
    """The assisting unit accepts its part (签收)."""
    case = case_lock(assist.case)
    assist = CaseAssist.objects.select_for_update().get(pk=assist.pk)
    post = _own_post(actor, case, assist)
    _require_handling(case)
    if assist.accepted_at is not None:
        raise ValidationError({"state": _("This part was already accepted.")})
    assist.accepted_at, assist.accepted_by = clock.now(), actor
    assist.save()
    event_record(
        case,
        EventKind.ASSIST_ACCEPT,
        actor=actor,
        post=post,
        from_state=case.state,
        note=note.strip(),
        data={"assist": assist.pk, **_unit_data(assist)},
        at=assist.accepted_at,
    )
    return assist


@transaction.atomic
def assist_report(*, assist: CaseAssist, actor, report: str) -> CaseAssist:
    """The assisting unit reports its part done; the lead hears of it."""
    case = case_lock(assist.case)
    assist = CaseAssist.objects.select_for_update().get(pk=assist.pk)
    post = _own_post(actor, case, assist)
    _require_handling(case)
    if assist.accepted_at is None:
        raise ValidationError({"state": _("Accept the part before reporting it.")})
    if assist.reported_at is not None:
        raise ValidationError({"state": _("This part was already reported done.")})
    if not report.strip():
        raise ValidationError({"report": _("Say what was done.")})
    assist.reported_at, assist.report = clock.now(), report.strip()
    assist.save()
    event_record(
        case,
        EventKind.ASSIST_REPORT,
        actor=actor,
        post=post,
        from_state=case.state,
        note=assist.report,
        data={"assist": assist.pk, **_unit_data(assist)},
        at=assist.reported_at,
    )
    notify_staff(
        handling_unit_staff(case),
        kind=NotificationKind.ASSIST_REPORTED,
        case=case,
        title=_("%(number)s: an assisting unit reports its part done")
        % {"number": case.number},
        body=assist.report[:200],
    )
    return assist


def _unit_data(assist: CaseAssist) -> dict:
    if assist.department_id:
        return {"department": assist.department.code}
    return {"region": assist.region.code}


def _refuse(message: str):
    raise PermissionDenied(message)
