"""Contact points as the reader may see them: those of townships in their area; the ones
that no longer exist are shown to those who see the whole city."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.linkage.models import ContactCase, ContactPoint, ContactVisit
from wangge.regions.models import Region


def contact_points_visible_to(user: Any):
    j = jurisdiction_of(user)
    city = (
        Region.objects.filter(parent__isnull=True)
        .values_list("path", flat=True)
        .first()
    )
    scope = j.path_q("township__path")
    if city and j.covers(city):
        scope = Q()
    return ContactPoint.objects.filter(scope).select_related(
        "township", "township__parent"
    )


def contact_point_list(user: Any):
    """The reader's contact points, in the source's order, with their counts (one query)."""
    return contact_points_visible_to(user).annotate(
        visit_count=Count("visits", distinct=True),
        case_count=Count("case_links", distinct=True),
    )


def contact_point_get_for_user(user: Any, pk: int) -> ContactPoint:
    """One contact point with its visits and cases; 404 outside the reader's area."""
    point = (
        contact_points_visible_to(user)
        .prefetch_related(
            Prefetch(
                "visits",
                queryset=ContactVisit.objects.select_related(
                    "recorded_by"
                ).prefetch_related(
                    Prefetch(
                        "case_links",
                        queryset=ContactCase.objects.select_related("case"),
                    )
                ),
            ),
            Prefetch(
                "case_links",
                queryset=ContactCase.objects.select_related("case", "case__category"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if point is None:
        raise Http404("No such contact point.")
    return point
