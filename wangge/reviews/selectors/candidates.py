"""Candidates for a special review, detected from the cases the reader sees.

The facts of the last `WEEKS` weeks are read in one query and handed to the pure
detectors of `detection`. A candidate is named by a stable key (its kind, area, category
and week or first case), so opening a review from it can be checked against the record
again, and a candidate whose review is open is not offered twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from wangge.cases.access import cases_visible_to
from wangge.catalogue.models import Category
from wangge.core import clock
from wangge.regions.levels import Level
from wangge.regions.models import PATH_SEPARATOR, Region
from wangge.reviews import detection
from wangge.reviews.models import CandidateKind, Review, ReviewState

WEEKS = detection.BASELINE_WEEKS + 1
# What the other signals need to stand out over the last `WEEKS` weeks.
MIN_REPORTERS = 5
MIN_ESCALATIONS = 5
MIN_RECURRENCES = 3


@dataclass(frozen=True)
class Candidate:
    """A problem the record makes stand out, ready to open a review from."""

    key: str
    kind: str
    area: Region
    category: Category
    case_ids: tuple[int, ...]
    summary: str
    baseline: float | None = None

    @property
    def kind_label(self) -> str:
        return CandidateKind(self.kind).label


def _district(path: str) -> str:
    parts = [p for p in path.split(PATH_SEPARATOR) if p]
    return parts[1] if len(parts) > 1 else parts[0]


def _facts(user: Any, now) -> list[detection.CaseFact]:
    rows = (
        cases_visible_to(user)
        .filter(created_at__gte=now - timedelta(weeks=WEEKS), created_at__lt=now)
        .order_by()
        .values_list(
            "id",
            "category__code",
            "cell_path",
            "cell__code",
            "lon",
            "lat",
            "created_at",
            "merged_into_id",
            "closed_at",
            "node__level",
        )
    )
    return [
        detection.CaseFact(
            id=pk,
            category=category,
            area=_district(path),
            cell=cell,
            lon=lon,
            lat=lat,
            reported_at=created,
            merged_into=merged,
            closed_at=closed,
            escalated_to_city=node_level == Level.CITY,
        )
        for pk, category, path, cell, lon, lat, created, merged, closed, node_level in rows
    ]


def candidates_for(user: Any, *, now=None) -> list[Candidate]:
    """What stands out in the user's jurisdiction now, most significant spikes first."""
    now = now or clock.now()
    facts = _facts(user, now)
    week = now.isocalendar()
    found: list[tuple[str, str, str, tuple[int, ...], str, float | None]] = []
    last_week = now - timedelta(weeks=1)
    series = detection.weekly_series(
        ((f.area, f.category, f.reported_at) for f in facts), end=now, weeks=WEEKS
    )
    for spike in detection.spikes(series):
        ids = tuple(
            sorted(
                f.id
                for f in facts
                if f.area == spike.area
                and f.category == spike.category
                and f.reported_at >= last_week
            )
        )
        summary = _(
            "%(count)d cases this week against %(baseline).1f a week before"
        ) % {
            "count": spike.count,
            "baseline": spike.baseline,
        }
        key = f"spike:{spike.area}:{spike.category}:{week.year}-W{week.week:02d}"
        found.append(
            (key, CandidateKind.SPIKE, spike.area, ids, summary, spike.baseline)
        )
    groups = [
        *detection.many_reporters(facts, min_reports=MIN_REPORTERS),
        *detection.escalations(facts, min_cases=MIN_ESCALATIONS),
        *detection.recurrences(facts, min_cases=MIN_RECURRENCES),
    ]
    for group in groups:
        key = f"{group.kind}:{group.area}:{group.category}:{group.case_ids[0]}"
        summary = {
            CandidateKind.MANY_REPORTERS: _("%(n)d reports of one problem"),
            CandidateKind.ESCALATIONS: _("%(n)d cases escalated to the city"),
            CandidateKind.RECURRENCE: _("%(n)d cases in a row at the same cell"),
        }[group.kind] % {"n": group.size}
        found.append((key, group.kind, group.area, group.case_ids, summary, None))
    return _materialise(found, facts)


def _materialise(found, facts) -> list[Candidate]:
    """Attach regions and categories (two queries), leave out candidates under review."""
    under_review = set(
        Review.objects.filter(source_key__in=[f[0] for f in found])
        .exclude(state=ReviewState.CLOSED)
        .values_list("source_key", flat=True)
    )
    category_of = {f.id: f.category for f in facts}
    regions = Region.objects.defer("boundary").in_bulk(
        {f[2] for f in found}, field_name="code"
    )
    categories = Category.objects.in_bulk(
        {category_of[f[3][0]] for f in found if f[3]}, field_name="code"
    )
    return [
        Candidate(
            key,
            kind,
            regions[area],
            categories[category_of[ids[0]]],
            ids,
            summary,
            base,
        )
        for key, kind, area, ids, summary, base in found
        if key not in under_review and ids and area in regions
    ]


def candidate_get(user: Any, key: str, *, now=None) -> Candidate:
    """The candidate of this key as the record stands now, or 404."""
    for candidate in candidates_for(user, now=now):
        if candidate.key == key:
            return candidate
    raise Http404("No such candidate.")
