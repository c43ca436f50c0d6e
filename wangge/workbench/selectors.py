"""What the staff pages show, gathered through `access` so every row is inside the reader's area."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from wangge.access import jurisdiction, people
from wangge.regions.levels import ORDER, Level
from wangge.regions.models import Region

# How the count of regions of each level below a region is labelled.
LEVEL_COUNT_LABEL = {
    Level.DISTRICT: _("districts/counties"),
    Level.TOWNSHIP: _("townships"),
    Level.COMMUNITY: _("communities"),
    Level.CELL: _("grid cells"),
}


@dataclass(frozen=True)
class RegionSummary:
    """A region with how many regions of each level lie below it."""

    region: Region
    counts: tuple[tuple[str, int], ...]
    responsible: tuple[str, ...] = ()


@dataclass(frozen=True)
class Crumb:
    """One ancestor in the breadcrumb; `url` is empty when it lies outside the reader's area."""

    name: str
    level_label: str
    url: str


@dataclass(frozen=True)
class RegionPage:
    """Everything the region page shows, already scoped and masked for its reader."""

    region: Region
    breadcrumb: tuple[Crumb, ...]
    children: tuple[RegionSummary, ...]
    posts: list = field(default_factory=list)
    responsible_above: list = field(default_factory=list)
    work_teams: list = field(default_factory=list)
    map_features: dict = field(default_factory=dict)


def _counts(
    prefix_q: Q, root_length: int, exclude_paths: list[str]
) -> dict[str, Counter]:
    """Regions below each root, by level, in one grouped query.

    Every root handled in one call has a path of the same length (paths have a fixed
    length per level), so the root of a descendant is the first `root_length` characters of
    the descendant's path.
    """
    rows = (
        Region.objects.filter(prefix_q)
        .exclude(path__in=exclude_paths)
        .annotate(root=Substr("path", 1, root_length))
        .values("root", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    result: dict[str, Counter] = {}
    for row in rows:
        result.setdefault(row["root"], Counter())[row["level"]] = row["n"]
    return result


def _summaries(
    regions: list[Region],
    counted: dict[str, Counter],
    responsible: dict[int, list[str]] | None = None,
) -> tuple[RegionSummary, ...]:
    summaries = []
    for region in regions:
        below = counted.get(region.path, Counter())
        counts = tuple(
            (str(LEVEL_COUNT_LABEL[level]), below[level])
            for level in ORDER
            if below.get(level)
        )
        names = tuple((responsible or {}).get(region.pk, ()))
        summaries.append(RegionSummary(region=region, counts=counts, responsible=names))
    return tuple(summaries)


def home_regions(user: Any) -> tuple[RegionSummary, ...]:
    """The top regions of the reader's jurisdiction, each with the counts of what lies below."""
    roots = list(jurisdiction.region_roots_for(user).order_by("path"))
    counted: dict[str, Counter] = {}
    for length in {len(r.path) for r in roots}:
        group = tuple(r.path for r in roots if len(r.path) == length)
        counted.update(
            _counts(jurisdiction.paths_q("path", group), length, list(group))
        )
    return _summaries(roots, counted)


def _breadcrumb(user: Any, region: Region) -> tuple[Crumb, ...]:
    j = jurisdiction.jurisdiction_of(user)
    ancestors = Region.objects.filter(code__in=region.ancestor_codes[:-1]).order_by(
        "path"
    )
    return tuple(
        Crumb(
            name=a.name,
            level_label=str(a.get_level_display()),
            url=a.get_absolute_url() if j.covers(a.path) else "",
        )
        for a in ancestors
    )


def _feature(region: Region, role: str) -> dict:
    return {
        "type": "Feature",
        "geometry": region.boundary,
        "properties": {
            "code": region.code,
            "name": region.name,
            "level": str(region.get_level_display()),
            "role": role,
            "url": region.get_absolute_url() if role == "child" else "",
        },
    }


def region_page(user: Any, code: str) -> RegionPage:
    """The region page of `code` for this reader; 404 when it is outside their area."""
    region = jurisdiction.region_get_for_user(user, code)
    children = list(region.children.order_by("path"))
    counted = (
        _counts(
            Q(path__startswith=region.path),
            len(children[0].path),
            [region.path] + [c.path for c in children],
        )
        if children
        else {}
    )
    shapes = [_feature(region, "self")] + [_feature(c, "child") for c in children]
    return RegionPage(
        region=region,
        breadcrumb=_breadcrumb(user, region),
        children=_summaries(
            children, counted, people.responsible_names_for(user, children)
        ),
        posts=people.posts_for_region(user, region),
        responsible_above=people.responsible_chain_for_region(user, region),
        work_teams=(
            people.work_teams_for_township(user, region)
            if region.level == Level.TOWNSHIP
            else []
        ),
        map_features={
            "type": "FeatureCollection",
            "features": [f for f in shapes if f["geometry"]],
        },
    )
