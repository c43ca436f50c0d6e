"""Accountability candidates: what in the record may call for a determination.

Read, not stored: a case escalated automatically for being overdue, a failed verification,
an unsatisfied rating, a broken commitment, each not yet tied to a determination. Scoped
by the reader's jurisdiction, newest first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.access.jurisdiction import jurisdiction_of
from wangge.cases.access import cases_visible_to
from wangge.cases.models import CaseEvent, EventKind
from wangge.cases.models.case import Satisfaction
from wangge.linkage.models import Commitment, CommitmentState
from wangge.regions.models import Region

LIMIT = 100


class CandidateKind(models.TextChoices):
    """What in the record raised a candidate (and, later, a determination's basis)."""

    OVERDUE_ESCALATED = "overdue_escalated", _("Overdue past its escalation")
    VERIFICATION_FAILED = "verification_failed", _("Failed verification")
    UNSATISFIED = "unsatisfied", _("Unsatisfied return visit")
    COMMITMENT_BROKEN = "commitment_broken", _("Commitment broken")


@dataclass(frozen=True)
class Candidate:
    """One record that may call for a determination, and the unit it points at."""

    kind: str
    label: str
    region: Region
    at: datetime.datetime | datetime.date
    summary: str
    case_number: str = ""
    commitment_id: int | None = None


def _case_events(user, kind: str, candidate: str, **extra) -> list[Candidate]:
    events = (
        CaseEvent.objects.filter(
            action=kind,
            case__in=cases_visible_to(user).filter(determinations__isnull=True),
            **extra,
        )
        .select_related("case", "node")
        .order_by("-created_at", "-id")[:LIMIT]
    )
    found = {}
    for event in events:
        found.setdefault(event.case_id, event)
    units = Region.objects.in_bulk(
        [e.data.get("from_node") for e in found.values() if e.data.get("from_node")],
        field_name="code",
    )
    label = CandidateKind(candidate).label
    return [
        Candidate(
            kind=candidate,
            label=str(label),
            region=units.get(e.data.get("from_node"), e.node),
            at=e.created_at,
            summary=e.case.description[:120],
            case_number=e.case.number,
        )
        for e in found.values()
    ]


def accountability_candidates(user: Any) -> list[Candidate]:
    """The candidates the reader's jurisdiction holds, newest first."""
    found = _case_events(
        user, EventKind.ESCALATE, CandidateKind.OVERDUE_ESCALATED, actor__isnull=True
    )
    found += _case_events(
        user, EventKind.VERIFY_FAIL, CandidateKind.VERIFICATION_FAILED
    )
    unsatisfied = (
        cases_visible_to(user)
        .filter(satisfaction=Satisfaction.UNSATISFIED, determinations__isnull=True)
        .select_related("node")
        .order_by("-rated_at", "-id")[:LIMIT]
    )
    found += [
        Candidate(
            kind=CandidateKind.UNSATISFIED,
            label=str(CandidateKind.UNSATISFIED.label),
            region=c.node,
            at=c.rated_at,
            summary=c.description[:120],
            case_number=c.number,
        )
        for c in unsatisfied
    ]
    broken = (
        Commitment.objects.filter(
            jurisdiction_of(user).path_q("region__path"),
            state=CommitmentState.BROKEN,
            determinations__isnull=True,
        )
        .select_related("region")
        .order_by("-settled_on", "-id")[:LIMIT]
    )
    found += [
        Candidate(
            kind=CandidateKind.COMMITMENT_BROKEN,
            label=str(CandidateKind.COMMITMENT_BROKEN.label),
            region=c.region,
            at=c.settled_on,
            summary=c.title,
            commitment_id=c.pk,
        )
        for c in broken
    ]
    return sorted(found, key=lambda c: _instant(c.at), reverse=True)


def _instant(at) -> datetime.datetime:
    if isinstance(at, datetime.datetime):
        return at
    if at is None:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return datetime.datetime(at.year, at.month, at.day, tzinfo=datetime.UTC)
