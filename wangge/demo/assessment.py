"""The demo's assessment: the city office's scoring rules, and the published snapshots of
the last two months (relative to `core.clock`) with a reward, a penalty and a
re-inspection sample, all computed from the demo's cases through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wangge.assessment import services
from wangge.assessment.models import PeriodKind, Sanction, Snapshot, UnitKind
from wangge.core import clock
from wangge.people.models import Post
from wangge.people.roles import Role

# The district's own split (DOMAIN.md) for townships, from the start of the demo's year.
TOWNSHIP_WEIGHTS = {
    "handling_rate": 30,
    "handled_on_time_rate": 20,
    "rework_rate": 20,
    "closing_rate": 20,
    "closed_on_time_rate": 10,
}


def seed_assessment(seed: int = 0) -> Snapshot | None:
    """Publish last month's snapshot (and the month before, for a trend); None without an office."""
    post = (
        Post.objects.active()
        .filter(role=Role.CITY_OFFICE)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if post is None:
        return None
    office = post.user
    today = timezone.localdate(clock.now())
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    before = (last - dt.timedelta(days=1)).replace(day=1)
    services.scoring_rule_set(
        actor=office,
        unit_kind=UnitKind.TOWNSHIP,
        valid_from=before.replace(month=1, day=1),
        weights=TOWNSHIP_WEIGHTS,
        note="区考核办法（演示）",
    )
    snapshot = None
    for first in (before, last):
        snapshot = services.snapshot_compute(
            actor=office, period=PeriodKind.MONTH, day=first
        )
        services.snapshot_publish(actor=office, snapshot=snapshot)
    _sanctions(office, snapshot)
    services.reinspection_draw(
        actor=office, snapshot=snapshot, size=20, seed=f"demo-{seed}"
    )
    return snapshot


def _sanctions(office, snapshot: Snapshot) -> None:
    """The best township is commended; the worst red one is penalised."""
    ranked = snapshot.rows.filter(
        unit_kind=UnitKind.TOWNSHIP, rank__isnull=False
    ).order_by("rank", "name")
    best = ranked.first()
    worst = ranked.filter(mark="red").order_by("-rank", "name").first()
    if best is not None:
        services.sanction_give(
            actor=office,
            row=best,
            kind=Sanction.Kind.REWARD,
            reason="综合得分全市乡镇第一，通报表扬。",
        )
    if worst is not None and worst != best:
        services.sanction_give(
            actor=office,
            row=worst,
            kind=Sanction.Kind.PENALTY,
            reason="按期结案率低、返工多，约谈主要负责人，限期整改。",
        )
