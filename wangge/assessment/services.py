"""Writes of the assessment: scoring rules, snapshots (computed, then frozen by publishing),
rewards and penalties, and re-inspection samples. Only the city office writes them."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.access.jurisdiction import jurisdiction_of
from wangge.assessment import scoring
from wangge.assessment.figures import PeriodFigures, period_figures
from wangge.assessment.models import (
    REGION_KINDS,
    PeriodKind,
    Reinspection,
    Sanction,
    ScoringRule,
    Snapshot,
    SnapshotRow,
    UnitKind,
)
from wangge.cases.models import Case
from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.linkage.models import Determination
from wangge.linkage.rules import COUNTED_STATES
from wangge.people.models import Department, Post, User
from wangge.people.roles import Role
from wangge.regions.models import Region

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The usual split (DOMAIN.md, CJ/T 292 practice); the city office sets its own from a date on.
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    # 立案数 10 % + 结案数 30 % + 按期处置率 30 % + (1 − 返工率) 30 %
    UnitKind.DEPARTMENT: {
        "registered": 10,
        "closed": 30,
        "handled_on_time_rate": 30,
        "rework_rate": 30,
    },
    # a region: 公众举报率 10 % + 立案数 20 % + 结案率 30 % + 按期结案率 40 %
    **{
        kind: {
            "public_report_rate": 10,
            "registered": 20,
            "closing_rate": 30,
            "closed_on_time_rate": 40,
        }
        for kind in REGION_KINDS
    },
    # a desk: 按时立案率 40 % + 按时派遣率 30 % + 准确派遣率 30 %
    UnitKind.DESK: {
        "registered_on_time_rate": 40,
        "dispatched_on_time_rate": 30,
        "accurate_dispatch_rate": 30,
    },
    # a grid worker: 有效上报率 40 % + 上报数 20 % + 按期核查率 40 %
    UnitKind.GRID_WORKER: {
        "registration_rate": 40,
        "reported": 20,
        "verified_on_time_rate": 40,
    },
}
DEFAULT_RECURRENCE_DAYS = 30


def may_assess(user) -> bool:
    """Whether the user sets rules, publishes snapshots and gives rewards and penalties."""
    j = jurisdiction_of(user)
    return j.is_global or Role.CITY_OFFICE in j.roles


def _require_office(user) -> None:
    if not may_assess(user):
        raise PermissionDenied(_("Only the city management office may do this."))


def period_bounds(period: str, starts_on: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the period holding `starts_on` and the day after its last."""
    if period == PeriodKind.YEAR:
        first = dt.date(starts_on.year, 1, 1)
        return first, dt.date(first.year + 1, 1, 1)
    months = 3 if period == PeriodKind.QUARTER else 1
    month = (starts_on.month - 1) // months * months + 1
    first = dt.date(starts_on.year, month, 1)
    index = first.month - 1 + months
    return first, dt.date(first.year + index // 12, index % 12 + 1, 1)


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of a day in Zhengzhou, as an aware instant."""
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)


def rule_in_force(kind: str, on: dt.date) -> tuple[scoring.Rule, int]:
    """The scoring rule of a kind of unit on a day (the default split before any is set),
    and its recurrence window in days."""
    rule = ScoringRule.objects.filter(unit_kind=kind, valid_from__lte=on).first()
    if rule is None:
        return scoring.Rule(weights=DEFAULT_WEIGHTS[kind]), DEFAULT_RECURRENCE_DAYS
    return (
        scoring.Rule(
            weights=rule.weights,
            green_from=rule.green_from,
            yellow_from=rule.yellow_from,
            charge_points=rule.charge_points,
        ),
        rule.recurrence_days,
    )


def scoring_rule_set(
    *,
    actor,
    unit_kind: str,
    valid_from: dt.date,
    weights: dict,
    green_from: float = 85,
    yellow_from: float = 70,
    charge_points: float = 1,
    recurrence_days: int = 30,
    note: str = "",
) -> ScoringRule:
    """The city office sets how a kind of unit is scored from a day on; earlier rules stay."""
    _require_office(actor)
    if unit_kind not in UnitKind.values:
        raise ValidationError({"unit_kind": _("Unknown kind of unit.")})
    known = set(scoring.RATES) | set(scoring.COUNTS)
    if not weights or any(k not in known for k in weights):
        raise ValidationError({"weights": _("Weigh known indicators only.")})
    if any(
        not isinstance(w, int | float) or w < 0 for w in weights.values()
    ) or not sum(weights.values()):
        raise ValidationError(
            {"weights": _("Weights are numbers of 0 or more, not all 0.")}
        )
    if yellow_from > green_from:
        raise ValidationError({"yellow_from": _("Yellow must start below green.")})
    if Snapshot.objects.filter(
        published_at__isnull=False, ends_on__gt=valid_from
    ).exists():
        raise ValidationError(
            {
                "valid_from": _(
                    "A published snapshot already covers this day; rules change from a later day."
                )
            }
        )
    rule, _created = ScoringRule.objects.update_or_create(
        unit_kind=unit_kind,
        valid_from=valid_from,
        defaults={
            "weights": weights,
            "green_from": green_from,
            "yellow_from": yellow_from,
            "charge_points": charge_points,
            "recurrence_days": recurrence_days,
            "note": note,
            "created_by": actor,
        },
    )
    return rule


def _names(figures: PeriodFigures) -> dict[tuple[str, int], tuple[str, str]]:
    """(name, path) of every unit in the figures."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in figures.counts:
        by_kind.setdefault(kind, set()).add(pk)
    regions = set().union(
        *(by_kind.get(k, set()) for k in (*REGION_KINDS, UnitKind.DESK))
    )
    named = {
        pk: (name, path)
        for pk, name, path in Region.objects.filter(pk__in=regions).values_list(
            "pk", "name", "path"
        )
    }
    out = {}
    for kind in (*REGION_KINDS, UnitKind.DESK):
        for pk in by_kind.get(kind, ()):
            out[(kind, pk)] = named[pk]
    for pk, name, path in Department.objects.filter(
        pk__in=by_kind.get(UnitKind.DEPARTMENT, ())
    ).values_list("pk", "name", "region__path"):
        out[(UnitKind.DEPARTMENT, pk)] = (name, path)
    people = by_kind.get(UnitKind.GRID_WORKER, set())
    cells = dict(
        Post.objects.active()
        .filter(user__in=people, role=Role.GRID_WORKER)
        .values_list("user_id", "region__path")
    )
    for pk, username, display in User.objects.filter(pk__in=people).values_list(
        "pk", "username", "display_name"
    ):
        if pk in cells:  # only people who are grid workers are assessed as such
            out[(UnitKind.GRID_WORKER, pk)] = (display or username, cells[pk])
    return out


def _scored_rows(
    snapshot: Snapshot, figures: PeriodFigures, rules: dict
) -> list[SnapshotRow]:
    names = _names(figures)
    rows = []
    for kind in UnitKind.values:
        rule = scoring.Rule(**rules[kind]["rule"])
        units = {
            key: c
            for key, c in figures.counts.items()
            if key[0] == kind and key in names
        }
        peaks = scoring.peaks_of(units.values(), rule)
        scores = {key: scoring.composite(c, rule, peaks) for key, c in units.items()}
        ranks = scoring.ranks({key: s.total for key, s in scores.items()})
        for key, counts in units.items():
            score, (name, path) = scores[key], names[key]
            rows.append(
                SnapshotRow(
                    snapshot=snapshot,
                    unit_kind=kind,
                    region_id=key[1]
                    if kind in (*REGION_KINDS, UnitKind.DESK)
                    else None,
                    department_id=key[1] if kind == UnitKind.DEPARTMENT else None,
                    person_id=key[1] if kind == UnitKind.GRID_WORKER else None,
                    name=name,
                    path=path,
                    counts=counts,
                    rates=scoring.rates_of(counts),
                    points=score.points,
                    determinations=figures.determinations_of(kind, key[1]),
                    weighted=score.weighted,
                    charged=score.charged,
                    total=score.total,
                    rank=ranks[key],
                    mark=scoring.mark(score.total, rule),
                )
            )
    return rows


@transaction.atomic
def snapshot_compute(*, actor, period: str, day: dt.date) -> Snapshot:
    """Compute (or recompute) the snapshot of the period holding `day`; a published one is frozen."""
    _require_office(actor)
    if period not in PeriodKind.values:
        raise ValidationError({"period": _("Choose month, quarter or year.")})
    starts_on, ends_on = period_bounds(period, day)
    snapshot = (
        Snapshot.objects.select_for_update()
        .filter(period=period, starts_on=starts_on)
        .first()
    )
    if snapshot is not None and snapshot.is_published:
        raise ValidationError({"period": _("This period is published and frozen.")})
    rules = {}
    for kind in UnitKind.values:
        rule, days = rule_in_force(kind, starts_on)
        rules[kind] = {"rule": rule.as_dict(), "recurrence_days": days}
    days = rules[UnitKind.DEPARTMENT]["recurrence_days"]
    figures = period_figures(
        local_midnight(starts_on), local_midnight(ends_on), recurrence_days=days
    )
    if snapshot is None:
        snapshot = Snapshot(period=period, starts_on=starts_on)
    snapshot.ends_on, snapshot.computed_at, snapshot.rules = ends_on, clock.now(), rules
    snapshot.save()
    snapshot.rows.all().delete()
    SnapshotRow.objects.bulk_create(
        _scored_rows(snapshot, figures, rules), batch_size=2000
    )
    return snapshot


@transaction.atomic
def snapshot_publish(*, actor, snapshot: Snapshot) -> Snapshot:
    """Publish a snapshot: from now on its rows and rules never change."""
    _require_office(actor)
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    if snapshot.is_published:
        raise ValidationError({"snapshot": _("The snapshot is already published.")})
    if local_midnight(snapshot.ends_on) > clock.now():
        raise ValidationError({"snapshot": _("The period has not ended yet.")})
    snapshot.published_at, snapshot.published_by = clock.now(), actor
    snapshot.save(update_fields=["published_at", "published_by", "updated_at"])
    return snapshot


def sanction_give(
    *,
    actor,
    row: SnapshotRow,
    kind: str,
    reason: str,
    determination_id: int | None = None,
) -> Sanction:
    """A reward or penalty for a unit's result in a published snapshot, optionally following
    an accountability determination (by its id)."""
    _require_office(actor)
    if not Snapshot.objects.get(pk=row.snapshot_id).is_published:
        raise ValidationError(
            {"row": _("Rewards and penalties follow a published snapshot.")}
        )
    if kind not in Sanction.Kind.values:
        raise ValidationError({"kind": _("Choose reward or penalty.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if (
        determination_id is not None
        and not Determination.objects.filter(
            pk=determination_id, state__in=COUNTED_STATES
        ).exists()
    ):
        raise ValidationError(
            {
                "determination": _(
                    "Choose an accountability determination that is on record."
                )
            }
        )
    return Sanction.objects.create(
        row=row,
        kind=kind,
        reason=reason.strip(),
        determination_id=determination_id,
        given_by=actor,
    )


def _seeded(seed: str) -> random.Random:
    return random.Random(
        int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")
    )


@transaction.atomic
def reinspection_draw(
    *, actor, snapshot: Snapshot, size: int, seed: str
) -> list[Reinspection]:
    """Draw `size` closed cases of the period for re-inspection (抽查), each given to a grid
    worker of another grid of the same township; the same seed draws the same sample."""
    _require_office(actor)
    if not 1 <= size <= 500:
        raise ValidationError({"size": _("Draw between 1 and 500 cases.")})
    start, end = local_midnight(snapshot.starts_on), local_midnight(snapshot.ends_on)
    closed = list(
        Case.objects.filter(
            state=CaseState.CLOSED, created_at__gte=start, created_at__lt=end
        )
        .exclude(pk__in=snapshot.reinspections.values("case"))
        .order_by("pk")
        .values_list("pk", "cell_id", "cell_path")
    )
    workers = list(
        Post.objects.active()
        .filter(role=Role.GRID_WORKER)
        .order_by("user_id", "region_id")
        .values_list("user_id", "region_id", "region__path")
    )
    rng = _seeded(seed)
    drawn = []
    for pk, cell_id, cell_path in rng.sample(closed, min(size, len(closed))):
        township = "/".join(cell_path.split("/")[:4])
        others = [w for w in workers if w[1] != cell_id and w[2].startswith(township)]
        others = others or [w for w in workers if w[1] != cell_id]
        if others:
            drawn.append(
                Reinspection(
                    snapshot=snapshot,
                    case_id=pk,
                    inspector_id=rng.choice(others)[0],
                    seed=seed,
                )
            )
    return Reinspection.objects.bulk_create(drawn)


def reinspection_record(
    *, actor, reinspection: Reinspection, outcome: str, note: str = ""
) -> Reinspection:
    """The inspector records what they found on site; a failed one says why."""
    if actor.pk != reinspection.inspector_id and not may_assess(actor):
        raise PermissionDenied(_("Only the inspector records the re-inspection."))
    if outcome not in (Reinspection.Outcome.CONFIRMED, Reinspection.Outcome.FAILED):
        raise ValidationError({"outcome": _("Choose solved or not solved.")})
    if outcome == Reinspection.Outcome.FAILED and not note.strip():
        raise ValidationError({"note": _("Say what was found on site.")})
    reinspection.outcome, reinspection.note = outcome, note.strip()
    reinspection.save(update_fields=["outcome", "note", "updated_at"])
    return reinspection
