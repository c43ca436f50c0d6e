"""What the dashboard page shows besides the figures: where the region sits, the shapes of
the regions below it, the links of the drill-down and of the period presets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from wangge.cases import statistics
from wangge.cases.statistics import Figures, Period
from wangge.regions.models import Region

# The quick choices of the period selector, in days up to the period's end.
PRESETS = (7, 30, 90)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class DashboardPage:
    """The dashboard of one region and period, everything already scoped."""

    region: Region
    period: Period
    figures: Figures
    breadcrumb: tuple[Link, ...]
    children: tuple[tuple[Any, str], ...]  # (child figures, its dashboard's URL)
    presets: tuple[Link, ...]
    script_data: dict


def dashboard_url(code: str, period: Period, **extra) -> str:
    query = {
        "region": code,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        **extra,
    }
    return f"{reverse('workbench:dashboard')}?{urlencode(query)}"


def _breadcrumb(user, region: Region, period: Period) -> tuple[Link, ...]:
    """The regions above, linked where the reader has their dashboard, the region last."""
    tops = {r.path for r in statistics.dashboard_roots(user)}
    ancestors = Region.objects.filter(code__in=region.ancestor_codes[:-1]).defer(
        "boundary"
    )
    links = []
    reachable = False
    for ancestor in sorted(ancestors, key=lambda r: r.path):
        reachable = reachable or ancestor.path in tops
        url = dashboard_url(ancestor.code, period) if reachable else ""
        links.append(Link(ancestor.name, url))
    links.append(Link(region.name, "", current=True))
    return tuple(links)


def _shape(region: Region, role: str, period: Period) -> dict | None:
    if not region.boundary:
        return None
    return {
        "type": "Feature",
        "geometry": region.boundary,
        "properties": {
            "code": region.code,
            "name": region.name,
            "role": role,
            "url": dashboard_url(region.code, period) if role == "child" else "",
        },
    }


def dashboard_page(
    user, region: Region, period: Period, *, tiles: dict
) -> DashboardPage:
    """The page of `region` (checked by `statistics.dashboard_region_get`) for `period`."""
    figures = statistics.dashboard_figures(user, region, period)
    shaped = [region, *Region.objects.filter(parent=region).order_by("path")]
    shapes = [
        _shape(r, "self" if r.pk == region.pk else "child", period) for r in shaped
    ]
    end = period.end
    return DashboardPage(
        region=region,
        period=period,
        figures=figures,
        breadcrumb=_breadcrumb(user, region, period),
        children=tuple(
            (child, dashboard_url(child.code, period)) for child in figures.children
        ),
        presets=tuple(
            Link(
                _("Last %(days)s days") % {"days": days},
                dashboard_url(region.code, Period(end - timedelta(days=days - 1), end)),
                current=(period.end - period.start).days + 1 == days,
            )
            for days in PRESETS
        ),
        script_data={
            "figures": statistics.figures_as_dict(figures),
            "markers": statistics.dashboard_markers(user, region, period),
            "shapes": {
                "type": "FeatureCollection",
                "features": [s for s in shapes if s],
            },
            "tiles": tiles,
            "data_url": f"{reverse('workbench:dashboard_data')}?"
            + urlencode(
                {
                    "region": region.code,
                    "from": period.start.isoformat(),
                    "to": period.end.isoformat(),
                }
            ),
            "case_url": reverse("workbench:case", args=["NUMBER"]),
            "labels": _labels(),
        },
    )


def _labels() -> dict[str, str]:
    """The words the page's script writes into charts and the map, in the reader's language."""
    return {
        "reported": _("Reported"),
        "open": _("Open"),
        "overdue": _("Overdue"),
        "on_time_rate": _("Handled on time"),
        "cases": _("Open cases"),
        "heat": _("Heat of open cases"),
        "no_cases": _("No open case"),
        "other": _("Other categories"),
        "updated": _("Updated at"),
        "refresh_failed": _("The figures could not be refreshed; retrying."),
    }
