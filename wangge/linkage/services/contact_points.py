"""Contact points: a leader's visits, the problems found there (through intake) and the
cases the leader takes up to coordinate."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.cases.access import cases_visible_to
from wangge.cases.services.intake import Report, case_create
from wangge.core import clock
from wangge.core.text import is_blank
from wangge.linkage.models import ContactCase, ContactPoint, ContactVisit
from wangge.linkage.standing import CONTACT_RECORDERS, require_standing
from wangge.regions.crs import UnknownCRS
from wangge.regions.locate import locate_cell_code


def _township(point: ContactPoint):
    if point.township is None:
        raise ValidationError(
            {
                "contact_point": _("This contact point no longer exists: %(reason)s")
                % {"reason": point.reason}
            }
        )
    return point.township


def _check_inside(report: Report, township, index: int) -> None:
    """A problem found at a contact point lies in its township (codes nest: GB/T 2260)."""
    try:
        code = locate_cell_code(report.lon, report.lat, report.crs)
    except UnknownCRS:
        return  # intake refuses it, naming the field
    if code is not None and not code.startswith(township.code):
        raise ValidationError(
            {f"problems.{index}": _("This problem lies outside the contact township.")}
        )


def contact_visit_record(
    *,
    actor,
    point: ContactPoint,
    visited_on: datetime.date,
    visitors: str,
    topics: str,
    findings: str = "",
    problems: list[Report] = (),
) -> ContactVisit:
    """Record a visit to a contact point; each problem found becomes a case through intake.

    All or nothing: a problem intake refuses leaves no visit behind.
    """
    township = _township(point)
    require_standing(actor, township, CONTACT_RECORDERS)
    errors = {}
    if is_blank(visitors):
        errors["visitors"] = [_("Say who went.")]
    if is_blank(topics):
        errors["topics"] = [_("Say what was discussed.")]
    if visited_on > timezone.localdate(clock.now()):
        errors["visited_on"] = [_("A visit cannot be recorded before it happens.")]
    if errors:
        raise ValidationError(errors)
    for i, report in enumerate(problems):
        _check_inside(report, township, i)
    with transaction.atomic():
        visit = ContactVisit.objects.create(
            contact_point=point,
            visited_on=visited_on,
            visitors=visitors.strip(),
            topics=topics.strip(),
            findings=findings.strip(),
            recorded_by=actor,
        )
        for report in problems:
            case = case_create(report=report, actor=actor).case
            ContactCase.objects.create(
                contact_point=point,
                visit=visit,
                case=case,
                role=ContactCase.Role.FOUND,
            )
    return visit


def contact_case_coordinate(
    *, actor, point: ContactPoint, number: str, note: str = ""
) -> ContactCase:
    """The leader takes up a case of the contact township to coordinate (协调)."""
    township = _township(point)
    require_standing(actor, township, CONTACT_RECORDERS)
    case = (
        cases_visible_to(actor)
        .filter(number=number, cell_path__startswith=township.path)
        .first()
    )
    if case is None:
        raise ValidationError(
            {"case": _("Choose a case of the contact township in your area.")}
        )
    link, created = ContactCase.objects.get_or_create(
        contact_point=point,
        case=case,
        defaults={"role": ContactCase.Role.COORDINATED, "note": note.strip()},
    )
    if not created:
        raise ValidationError(
            {"case": _("This case is already tied to the contact point.")}
        )
    return link
