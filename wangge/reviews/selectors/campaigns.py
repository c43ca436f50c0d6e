"""Reads of campaigns: the campaigns a reader sees and the progress board of one.

A district sees the city's campaign, with the targets, inspections and findings of its
own area only; the city office sees them all. The figures are gathered in a constant
number of queries and summed here per target region and per problem type.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from wangge.cases.workflow import CaseState
from wangge.regions.models import PATH_SEPARATOR
from wangge.reviews.models import (
    Campaign,
    CampaignFinding,
    CampaignInspection,
    CampaignProblemType,
    CampaignTarget,
    ImprovementProject,
)
from wangge.reviews.selectors.scope import territorial_roots, under_q


def _ancestors(path: str) -> list[str]:
    codes = [c for c in path.split(PATH_SEPARATOR) if c]
    return [
        PATH_SEPARATOR + PATH_SEPARATOR.join(codes[: i + 1]) + PATH_SEPARATOR
        for i in range(len(codes))
    ]


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns covering any part of the user's territorial jurisdiction."""
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    everything, roots = territorial_roots(user)
    if everything:
        return Campaign.objects.all()
    if not roots:
        return Campaign.objects.none()
    around = {a for root in roots for a in _ancestors(root)}
    return Campaign.objects.filter(
        under_q(user, "region__path") | Q(region__path__in=sorted(around))
    )


def campaign_get_for_user(user: Any, code: str) -> Campaign:
    """One campaign by code, or 404 when it does not exist or covers none of the user's area."""
    campaign = (
        campaigns_visible_to(user).select_related("region").filter(code=code).first()
    )
    if campaign is None:
        raise Http404("No such campaign.")
    return campaign


def project_get_for_user(user: Any, pk: int | str) -> ImprovementProject:
    """One improvement project of a campaign the user sees, or 404."""
    project = (
        ImprovementProject.objects.filter(campaign__in=campaigns_visible_to(user))
        .select_related("campaign", "department")
        .filter(pk=int(pk) if str(pk).isdigit() else -1)
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    return project


@dataclass
class RegionProgress:
    """A target region's progress: cells inspected against the target, problems solved."""

    code: str
    name: str
    cells_to_inspect: int
    solved_share_target: int
    cells_inspected: int = 0
    found: int = 0
    solved: int = 0

    @property
    def inspected_share(self) -> float:
        return (
            round(100 * self.cells_inspected / self.cells_to_inspect, 1)
            if self.cells_to_inspect
            else 0.0
        )

    @property
    def solved_share(self) -> float:
        return round(100 * self.solved / self.found, 1) if self.found else 0.0

    @property
    def on_target(self) -> bool:
        return (
            self.cells_inspected >= self.cells_to_inspect
            and self.solved_share >= self.solved_share_target
        )


@dataclass
class TypeProgress:
    """What was found of one problem type, and how much of it is solved."""

    area: str
    name: str
    found: int = 0
    solved: int = 0


@dataclass
class CampaignFigures:
    """The numbers of a campaign's progress board and of its closing report."""

    regions: list[RegionProgress] = field(default_factory=list)
    types: list[TypeProgress] = field(default_factory=list)
    inspections: int = 0
    cells_inspected: int = 0
    found: int = 0
    solved: int = 0

    @property
    def solved_share(self) -> float:
        return round(100 * self.solved / self.found, 1) if self.found else 0.0

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> CampaignFigures:
        """The figures frozen in a closed campaign, as they were."""
        return cls(
            regions=[RegionProgress(**r) for r in data.get("regions", [])],
            types=[TypeProgress(**t) for t in data.get("types", [])],
            **{
                k: data.get(k, 0)
                for k in ("inspections", "cells_inspected", "found", "solved")
            },
        )


def campaign_figures(campaign: Campaign, user: Any = None) -> CampaignFigures:
    """The campaign's figures in the user's area (the whole campaign without a user)."""

    def scoped(queryset, path_field):
        return queryset if user is None else queryset.filter(under_q(user, path_field))

    targets = scoped(
        CampaignTarget.objects.filter(campaign=campaign).select_related("region"),
        "region_path",
    )
    inspections = list(
        scoped(CampaignInspection.objects.filter(campaign=campaign), "cell_path")
        .order_by()
        .values_list("cell_path", flat=True)
    )
    findings = list(
        scoped(CampaignFinding.objects.filter(campaign=campaign), "cell_path")
        .order_by()
        .values_list("cell_path", "problem_type_id", "case__state")
    )
    cells = set(inspections)
    figures = CampaignFigures(
        inspections=len(inspections),
        cells_inspected=len(cells),
        found=len(findings),
        solved=sum(1 for *_x, state in findings if state == CaseState.CLOSED),
    )
    for target in targets:
        row = RegionProgress(
            target.region.code,
            target.region.name,
            target.cells_to_inspect,
            target.solved_share,
        )
        row.cells_inspected = sum(1 for c in cells if c.startswith(target.region_path))
        inside = [f for f in findings if f[0].startswith(target.region_path)]
        row.found = len(inside)
        row.solved = sum(1 for f in inside if f[2] == CaseState.CLOSED)
        figures.regions.append(row)
    by_type: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for _path, type_id, state in findings:
        by_type[type_id][0] += 1
        by_type[type_id][1] += state == CaseState.CLOSED
    for problem_type in CampaignProblemType.objects.filter(
        area__campaign=campaign
    ).select_related("area"):
        found, solved = by_type.get(problem_type.pk, (0, 0))
        figures.types.append(
            TypeProgress(problem_type.area.name, problem_type.name, found, solved)
        )
    return figures


@dataclass
class CampaignBoard:
    """A campaign's progress board: its checklist, its figures, its projects."""

    campaign: Campaign
    areas: list
    figures: CampaignFigures
    projects: list


def campaign_board(user: Any, campaign: Campaign) -> CampaignBoard:
    """The board of a campaign as the user may see it (figures of their area; a closed
    campaign's frozen figures for the city office)."""
    areas = list(campaign.areas.prefetch_related("problem_types"))
    projects = list(campaign.projects.select_related("department"))
    everything, roots = territorial_roots(user)
    whole = everything or any(campaign.region.path.startswith(r) for r in roots)
    if campaign.is_closed and whole and campaign.closing_figures:
        figures = CampaignFigures.from_json(campaign.closing_figures)
    else:
        figures = campaign_figures(campaign, user)
    return CampaignBoard(campaign, areas, figures, projects)
