"""Reads of patrols, always from the reader's jurisdiction: another cell's patrol is 404."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.core import clock
from wangge.patrols.models import CheckIn, Finding, Patrol, PatrolPoint, PatrolStatus
from wangge.regions.models import Region


def patrols_visible_to(user: Any) -> QuerySet[Patrol]:
    """The patrols of cells in the reader's area, newest first, with their counts."""
    scope = jurisdiction_of(user)
    if scope.is_empty:
        return Patrol.objects.none()
    return (
        Patrol.objects.filter(scope.path_q("cell_path"))
        .select_related("worker", "cell")
        .defer("cell__boundary")
        .annotate(
            point_count=_count(PatrolPoint),
            check_in_count=_count(CheckIn),
            finding_count=_count(Finding),
        )
    )


def _count(model) -> Subquery:
    # One correlated count each: joining the three would multiply their rows.
    rows = (
        model.objects.filter(patrol=OuterRef("pk"))
        .order_by()
        .values("patrol")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def patrol_get_for_user(user: Any, pk: int) -> Patrol:
    """One patrol with its track, check-ins and findings; 404 outside the reader's area."""
    patrol = (
        patrols_visible_to(user)
        .prefetch_related(
            Prefetch("points", queryset=PatrolPoint.objects.order_by("recorded_at")),
            "check_ins",
            "findings__case",
        )
        .filter(pk=pk)
        .first()
    )
    if patrol is None:
        raise Http404
    return patrol


def patrol_open_of(user: Any) -> Patrol | None:
    """The reader's own patrol under way, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        patrols_visible_to(user).filter(worker=user, status=PatrolStatus.OPEN).first()
    )


def patrols_of_worker_since(user: Any, days: int) -> list[Patrol]:
    """The reader's own patrols of the last `days` days, newest first."""
    since = clock.now() - timedelta(days=days)
    return list(patrols_visible_to(user).filter(worker=user, started_at__gte=since))


def patrol_track(patrol: Patrol) -> dict:
    """The patrol's cell outline, track and check-ins as GeoJSON (WGS-84), for its map."""
    features = []
    outline = (
        Region.objects.filter(pk=patrol.cell_id)
        .values_list("boundary", flat=True)
        .first()
    )
    if outline:
        features.append(
            {
                "type": "Feature",
                "geometry": outline,
                "properties": {"role": "cell", "name": patrol.cell.name},
            }
        )
    line = [[p.lon, p.lat] for p in patrol.points.all()]
    if len(line) >= 2:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": line},
                "properties": {"role": "track"},
            }
        )
    for check_in in patrol.check_ins.all():
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [check_in.lon, check_in.lat],
                },
                "properties": {"role": "check_in", "name": check_in.place},
            }
        )
    return {"type": "FeatureCollection", "features": features}
