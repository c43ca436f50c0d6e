"""Determinations as the reader may see them (their area's, and those naming them), and the
counts the assessment takes per unit, person and period."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.linkage.models import Determination
from wangge.linkage.rules import COUNTED_STATES


def determinations_visible_to(user: Any):
    j = jurisdiction_of(user)
    named = (
        Q(persons=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    )
    ids = Determination.objects.filter(j.path_q("region__path") | named).values("pk")
    return Determination.objects.filter(pk__in=ids).select_related(
        "region", "proposed_by"
    )


def determination_list(user: Any, *, region=None, state: str = ""):
    determinations = determinations_visible_to(user)
    if region is not None:
        determinations = determinations.filter(region__path__startswith=region.path)
    if state:
        determinations = determinations.filter(state=state)
    return determinations.prefetch_related("persons", "cases")


def determination_get_for_user(user: Any, pk: int) -> Determination:
    determination = (
        determinations_visible_to(user)
        .prefetch_related("persons", "cases", "commitments", "events__actor")
        .filter(pk=pk)
        .first()
    )
    if determination is None:
        raise Http404("No such determination.")
    return determination


def _counted(start: datetime.datetime, end: datetime.datetime):
    return Determination.objects.filter(
        state__in=COUNTED_STATES, recorded_at__gte=start, recorded_at__lt=end
    )


def determination_counts_by_unit(
    start: datetime.datetime, end: datetime.datetime, *, under: str = ""
) -> dict[tuple[int, str], int]:
    """Determinations in force recorded in [start, end), by (region id, measure).

    For the assessment (above linkage): it rolls units up its own way; `under` (a region
    path) keeps one subtree. Revoked and rejected ones do not count; one under appeal does until revoked.
    """
    rows = _counted(start, end)
    if under:
        rows = rows.filter(region__path__startswith=under)
    return {
        (region_id, kind): n
        for region_id, kind, n in rows.values_list("region_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    }


def determination_counts_by_person(
    start: datetime.datetime, end: datetime.datetime, *, under: str = ""
) -> dict[tuple[int, str], int]:
    """As `determination_counts_by_unit`, by (user id, measure) of the people named."""
    rows = _counted(start, end)
    if under:
        rows = rows.filter(region__path__startswith=under)
    return {
        (user_id, kind): n
        for user_id, kind, n in rows.values_list("persons__id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    }
