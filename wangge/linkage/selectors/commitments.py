"""Commitments as staff see them (their area), and as the public board shows them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.linkage.models import Commitment
from wangge.regions.models import Region


def _rated(commitments):
    return commitments.annotate(
        rated_kept=Count("ratings", filter=Q(ratings__kept=True)),
        rated_not_kept=Count("ratings", filter=Q(ratings__kept=False)),
    )


def commitments_visible_to(user: Any):
    return Commitment.objects.filter(
        jurisdiction_of(user).path_q("region__path")
    ).select_related("region", "work_team", "author")


def commitment_list(user: Any, *, region=None, state: str = ""):
    """Commitments of the reader's area (or a region's subtree), with residents' ratings."""
    commitments = commitments_visible_to(user)
    if region is not None:
        commitments = commitments.filter(region__path__startswith=region.path)
    if state:
        commitments = commitments.filter(state=state)
    return _rated(commitments)


def commitment_get_for_user(user: Any, pk: int) -> Commitment:
    commitment = _rated(commitments_visible_to(user)).filter(pk=pk).first()
    if commitment is None:
        raise Http404("No such commitment.")
    return commitment


@dataclass(frozen=True)
class PublicCommitment:
    """A commitment as the public board shows it: who promised (name and capacity), not how to reach them."""

    id: int
    title: str
    body: str
    region: str
    made_by: str
    work_team: str
    published_on: object
    due_on: object
    state: str
    state_label: str
    fulfilment: str
    rated_kept: int
    rated_not_kept: int


def public_commitments_for_region(region: Region) -> list[PublicCommitment]:
    """Commitments made to the region, to the units above it and below it, for the public board."""
    commitments = (
        _rated(
            Commitment.objects.filter(
                Q(region__path__startswith=region.path)
                | Q(region__code__in=region.ancestor_codes)
            )
        )
        .select_related("region", "work_team", "author")
        .order_by("-published_on", "-id")
    )
    return [
        PublicCommitment(
            id=c.pk,
            title=c.title,
            body=c.body,
            region=c.region.name,
            made_by=str(c.author),
            work_team=c.work_team.name if c.work_team_id else "",
            published_on=c.published_on,
            due_on=c.due_on,
            state=c.state,
            state_label=str(c.get_state_display()),
            fulfilment=c.fulfilment,
            rated_kept=c.rated_kept,
            rated_not_kept=c.rated_not_kept,
        )
        for c in commitments
    ]
