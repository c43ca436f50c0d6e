"""Writes of campaigns: set one up, give targets, inspect cells, report progress, close.

Inspections turn what they find into cases through the one intake (`case_create`), in
the same transaction as the inspection and its findings: all are stored or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.cases.filing import channels_open_to
from wangge.cases.services import Report, case_create
from wangge.catalogue.models import Category
from wangge.core import clock
from wangge.core.text import is_blank
from wangge.regions.levels import Level
from wangge.regions.locate import locate_cell_code
from wangge.reviews.models import (
    Campaign,
    CampaignArea,
    CampaignFinding,
    CampaignInspection,
    CampaignProblemType,
    CampaignState,
    CampaignTarget,
    ImprovementProject,
    ProjectProgress,
)
from wangge.reviews.permissions import acts_for_department, is_city_office, may_inspect
from wangge.reviews.selectors.campaigns import campaign_figures


@dataclass
class Finding:
    """A problem found in an inspection: its type, what it is and where (the cell's centre
    when no point is given)."""

    problem_type_id: int
    description: str
    lon: float | None = None
    lat: float | None = None
    address: str = ""
    attributes: dict = field(default_factory=dict)
    # Solved by the inspecting grid worker there and then (自行处置): still verified.
    solved_on_the_spot: bool = False


def _require_office(actor) -> None:
    if not is_city_office(actor):
        raise PermissionDenied(_("Only the city management office runs campaigns."))


def _require_open(campaign: Campaign) -> None:
    if campaign.is_closed:
        raise ValidationError({"campaign": [_("The campaign is closed.")]})


def campaign_create(
    *,
    actor,
    code: str,
    name: str,
    region,
    starts_on: date,
    ends_on: date,
    areas: list[tuple[str, list[str]]],
) -> Campaign:
    """Set up a campaign with its areas and their problem types (catalogue codes, in order)."""
    _require_office(actor)
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": [_("The campaign must end after it starts.")]}
        )
    if Campaign.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("A campaign with this code exists.")]})
    codes = [c for _area, listed in areas for c in listed]
    categories = {c.code: c for c in Category.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in categories]
    if unknown:
        raise ValidationError(
            {
                "areas": [
                    _("Unknown categories: %(codes)s.") % {"codes": ", ".join(unknown)}
                ]
            }
        )
    with transaction.atomic():
        campaign = Campaign.objects.create(
            code=code, name=name, region=region, starts_on=starts_on, ends_on=ends_on
        )
        for position, (area_name, listed) in enumerate(areas, start=1):
            area = CampaignArea.objects.create(
                campaign=campaign, name=area_name, position=position
            )
            CampaignProblemType.objects.bulk_create(
                CampaignProblemType(
                    area=area,
                    category=categories[c],
                    name=categories[c].name,
                    position=i,
                )
                for i, c in enumerate(listed, start=1)
            )
    return campaign


def campaign_target_set(
    *, campaign: Campaign, actor, region, cells_to_inspect: int, solved_share: int = 90
) -> CampaignTarget:
    """Give a region of the campaign its target (replacing an earlier one)."""
    _require_office(actor)
    _require_open(campaign)
    if not region.path.startswith(campaign.region.path):
        raise ValidationError({"region": [_("The region lies outside the campaign.")]})
    if not 0 <= solved_share <= 100:
        raise ValidationError({"solved_share": [_("Give a share from 0 to 100.")]})
    target, _created = CampaignTarget.objects.update_or_create(
        campaign=campaign,
        region=region,
        defaults={
            "region_path": region.path,
            "cells_to_inspect": cells_to_inspect,
            "solved_share": solved_share,
        },
    )
    return target


def campaign_inspect(
    *,
    campaign: Campaign,
    actor,
    cell,
    checked: list[int],
    findings: list[Finding] = (),
    note: str = "",
) -> CampaignInspection:
    """Record an inspection of a cell against the checklist; each finding becomes a case."""
    now = clock.now()
    _require_open(campaign)
    if cell.level != Level.CELL or not cell.path.startswith(campaign.region.path):
        raise ValidationError({"cell": [_("Choose a grid cell of the campaign.")]})
    if not may_inspect(actor, cell.path):
        raise PermissionDenied(_("You may not inspect this cell."))
    if not campaign.runs_on(timezone.localdate(now)):
        raise ValidationError({"campaign": [_("The campaign is not running today.")]})
    types = {
        t.pk: t
        for t in CampaignProblemType.objects.filter(
            area__campaign=campaign
        ).select_related("category")
    }
    checked_ids = set(checked) | {f.problem_type_id for f in findings}
    if not checked_ids or not checked_ids <= types.keys():
        raise ValidationError(
            {"checked": [_("Check problem types of this campaign's list.")]}
        )
    reports = [
        _finding_report(f, types, cell, actor, index)
        for index, f in enumerate(findings)
    ]
    with transaction.atomic():
        inspection = CampaignInspection.objects.create(
            campaign=campaign,
            cell=cell,
            cell_path=cell.path,
            inspector=actor,
            inspected_at=now,
            note=note,
        )
        inspection.checked.set(sorted(checked_ids))
        for finding, report in zip(findings, reports, strict=True):
            case = case_create(report=report, actor=actor).case
            CampaignFinding.objects.create(
                campaign=campaign,
                problem_type=types[finding.problem_type_id],
                inspection=inspection,
                case=case,
                cell_path=case.cell_path,
                found_at=now,
            )
    return inspection


def _finding_report(finding: Finding, types, cell, actor, index: int) -> Report:
    """The intake report of a finding, refused unless it lies in the inspected cell."""
    name = f"findings.{index}"
    if is_blank(finding.description or ""):
        raise ValidationError({f"{name}.description": [_("Describe the problem.")]})
    lon = cell.centroid_lon if finding.lon is None else finding.lon
    lat = cell.centroid_lat if finding.lat is None else finding.lat
    if lon is None or locate_cell_code(lon, lat) != cell.code:
        raise ValidationError(
            {f"{name}.lon": [_("The point lies outside the inspected cell.")]}
        )
    return Report(
        category=types[finding.problem_type_id].category.code,
        description=finding.description,
        lon=lon,
        lat=lat,
        address=finding.address,
        attributes=finding.attributes,
        solved_on_the_spot=finding.solved_on_the_spot,
        channel=channels_open_to(actor)[0],
    )


def project_add(
    *, campaign: Campaign, actor, name: str, unit: str, target, department=None
) -> ImprovementProject:
    """Add a city-improvement project to a campaign, with its target and lead department."""
    _require_office(actor)
    _require_open(campaign)
    position = campaign.projects.count() + 1
    return ImprovementProject.objects.create(
        campaign=campaign,
        position=position,
        name=name,
        unit=unit,
        target=_amount(target, "target"),
        department=department,
    )


def project_progress_record(
    *, project: ImprovementProject, actor, amount, note: str = ""
) -> ProjectProgress:
    """The lead department (or the city office) reports more of the project done."""
    if not acts_for_department(actor, project.department_id):
        raise PermissionDenied(_("Only the lead department reports this project."))
    _require_open(project.campaign)
    value = _amount(amount, "amount")
    with transaction.atomic():
        ImprovementProject.objects.filter(pk=project.pk).update(done=F("done") + value)
        return ProjectProgress.objects.create(
            project=project,
            amount=value,
            note=note,
            recorded_by=actor,
            recorded_at=clock.now(),
        )


def _amount(value, name: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({name: [_("Enter a number.")]}) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("1e9"):
        raise ValidationError({name: [_("Enter a positive number.")]})
    return amount.quantize(Decimal("0.1"))


def campaign_close(*, campaign: Campaign, actor, report: str) -> Campaign:
    """Close the campaign: its figures are frozen beside the office's closing report."""
    _require_office(actor)
    if is_blank(report or ""):
        raise ValidationError({"report": [_("This field is required.")]})
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _require_open(locked)
        locked.closing_figures = campaign_figures(locked).as_json()
        locked.closing_report = report
        locked.state = CampaignState.CLOSED
        locked.closed_at = clock.now()
        locked.save()
    return locked
