"""Reads of cases, always starting from the caller's jurisdiction (`cases.access`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from wangge.cases import workflow
from wangge.cases.access import case_get_for_user, cases_visible_to
from wangge.cases.models import (
    Case,
    CaseAssist,
    CaseAttachment,
    CaseEvent,
    ExtensionRequest,
    ShelvingRequest,
    SupervisionOrder,
)
from wangge.regions.models import Region


@dataclass(frozen=True)
class CaseFilter:
    """What a case list may be narrowed by; every field optional."""

    state: str = ""
    open: bool | None = None
    category: str = ""
    channel: str = ""
    light: str = ""
    region: str = ""
    node: str = ""
    department: str = ""
    supervised: bool | None = None
    shelved: bool | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    text: str = ""


NO_FILTER = CaseFilter()


def case_list(user, filters: CaseFilter = NO_FILTER) -> QuerySet[Case]:
    """The cases the user may see, narrowed by `filters`, newest first."""
    qs = cases_visible_to(user).select_related(
        "category", "cell", "node", "handler_department", "handler_region"
    )
    f = filters
    if f.state:
        qs = qs.filter(state__in=f.state.split(","))
    if f.open is not None:
        open_states = [s.value for s in workflow.OPEN_STATES]
        qs = (
            qs.filter(state__in=open_states)
            if f.open
            else qs.exclude(state__in=open_states)
        )
    if f.category:
        qs = qs.filter(
            Q(category__code=f.category) | Q(category__parent__code=f.category)
        )
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.light:
        qs = qs.filter(light=f.light)
    if f.region:
        region = Region.objects.filter(code=f.region).only("path").first()
        qs = qs.filter(cell_path__startswith=region.path) if region else qs.none()
    if f.node:
        qs = qs.filter(node__code=f.node)
    if f.department:
        qs = qs.filter(handler_department__code=f.department)
    if f.supervised is not None:
        qs = qs.filter(is_supervised=f.supervised)
    if f.shelved is not None:
        qs = qs.filter(is_shelved=f.shelved)
    if f.created_from:
        qs = qs.filter(created_at__gte=f.created_from)
    if f.created_to:
        qs = qs.filter(created_at__lt=f.created_to)
    if f.text:
        qs = qs.filter(
            Q(number__icontains=f.text)
            | Q(description__icontains=f.text)
            | Q(address__icontains=f.text)
        )
    return qs.order_by("-created_at", "-id")


def case_detail_get(user, number: str) -> Case:
    """One case with its timeline and photos, or 404 outside the user's area."""
    return case_details_load(case_get_for_user(user, number))


def case_details_load(case: Case) -> Case:
    """Load a case's timeline, photos and oversight requests in a few queries, in place.

    For a case the caller already holds (fetched in scope, or just written by a service).
    """
    events = CaseEvent.objects.select_related("actor", "actor_post", "node").order_by(
        "created_at", "id"
    )
    prefetch_related_objects(
        [case],
        "category",
        "cell",
        "node",
        "handler_department",
        "handler_region",
        "merged_into",
        Prefetch("events", queryset=events),
        Prefetch(
            "attachments",
            queryset=CaseAttachment.objects.order_by("created_at", "id"),
        ),
        Prefetch(
            "supervision_orders",
            queryset=SupervisionOrder.objects.select_related(
                "node", "issued_by", "replied_by"
            ),
        ),
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.select_related(
                "requested_by", "decided_by"
            ),
        ),
        Prefetch(
            "shelving_requests",
            queryset=ShelvingRequest.objects.select_related(
                "requested_by", "decided_by"
            ),
        ),
        Prefetch(
            "assists",
            queryset=CaseAssist.objects.select_related(
                "department", "region", "requested_by", "accepted_by"
            ),
        ),
    )
    return case
