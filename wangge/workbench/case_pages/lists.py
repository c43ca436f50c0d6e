"""Lists of cases: the case list with its light counts, and the intake map's area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count

from wangge.access.jurisdiction import region_roots_for
from wangge.cases import workflow
from wangge.cases.access import case_work_q
from wangge.cases.selectors import (
    NEWEST_FIRST,
    CaseFilter,
    CasePage,
    case_list,
    case_page,
)
from wangge.cases.sla import Light
from wangge.regions.models import Region

PAGE_SIZE = 25
_OPEN = [s.value for s in workflow.OPEN_STATES]


@dataclass(frozen=True)
class CaseListing:
    """One page of cases, with how many open ones of the result (clock running) show each light.

    `cursor` is the page's own cursor: empty on the first page.
    """

    page: CasePage
    cursor: str
    lights: tuple[tuple[str, str, int], ...]
    mine_count: int


def case_listing(
    user: Any,
    filters: CaseFilter,
    *,
    mine: bool,
    cursor: str = "",
    sort: str = NEWEST_FIRST,
) -> CaseListing:
    """The reader's cases narrowed by `filters` (and to "my work" with `mine`), one page.

    The page comes from `cases.selectors.case_page`, as in the API: in the order `sort`
    by cursor, counted up to its cap. A cursor that is not one of ours (or of another
    order) starts again at the first page.
    """
    work_q = case_work_q(user)
    narrowed = work_q if mine else None
    try:
        page = case_page(
            user, filters, limit=PAGE_SIZE, cursor=cursor, narrowed=narrowed, sort=sort
        )
    except ValidationError:
        cursor = ""
        page = case_page(user, filters, limit=PAGE_SIZE, narrowed=narrowed, sort=sort)
    everything = case_list(user, filters)
    shown = everything.filter(work_q) if mine else everything
    counted = dict(
        shown.filter(state__in=_OPEN, deadline__isnull=False)
        .order_by()
        .values_list("light")
        .annotate(n=Count("id"))
    )
    lights = tuple(
        (value, str(label), counted.get(value, 0)) for value, label in Light.choices
    )
    return CaseListing(
        page=page,
        cursor=cursor,
        lights=lights,
        mine_count=everything.filter(work_q).count(),
    )


def intake_area(user: Any) -> dict:
    """The outlines of the reader's area (top regions and those one level below) for the intake map."""
    roots = list(region_roots_for(user).order_by("path"))
    children = list(Region.objects.filter(parent__in=roots).order_by("path"))
    features = [
        {
            "type": "Feature",
            "geometry": region.boundary,
            "properties": {
                "name": region.name,
                "role": "root" if region in roots else "child",
            },
        }
        for region in roots + children
        if region.boundary
    ]
    return {"type": "FeatureCollection", "features": features}
