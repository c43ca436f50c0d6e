"""Reads of the assessment, always from the caller's jurisdiction.

A snapshot row is visible when the unit answers inside the reader's area (its `path`) or
is one of the reader's own departments; drafts only to the city office. Anything else
answers 404, as if it did not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from wangge.access.jurisdiction import jurisdiction_of
from wangge.assessment.figures import evidence_ids
from wangge.assessment.models import (
    Reinspection,
    ScoringRule,
    Snapshot,
    SnapshotRow,
    UnitKind,
)
from wangge.assessment.services import local_midnight, may_assess
from wangge.cases.access import cases_visible_to
from wangge.cases.models import Case, Channel


def snapshots_visible_to(user) -> QuerySet[Snapshot]:
    """Published snapshots for everyone with a jurisdiction; drafts too for the city office."""
    if jurisdiction_of(user).is_empty:
        return Snapshot.objects.none()
    qs = Snapshot.objects.all()
    return qs if may_assess(user) else qs.filter(published_at__isnull=False)


def snapshot_get_for_user(user, pk: int) -> Snapshot:
    snapshot = snapshots_visible_to(user).filter(pk=pk).first()
    if snapshot is None:
        raise Http404("No such snapshot.")
    return snapshot


def _rows_q(user) -> Q:
    j = jurisdiction_of(user)
    return j.path_q("path") | Q(department_id__in=list(j.department_ids))


def snapshot_rows(
    user, snapshot: Snapshot, kind: str = "", under: str = ""
) -> QuerySet[SnapshotRow]:
    """The rows of a snapshot the user may see, best first; narrowed by kind and subtree."""
    rows = snapshot.rows.filter(_rows_q(user))
    if kind:
        rows = rows.filter(unit_kind=kind)
    if under:
        rows = rows.filter(path__startswith=under)
    return rows.order_by("unit_kind", "rank", "name")


def row_get_for_user(user, pk: int) -> SnapshotRow:
    row = (
        SnapshotRow.objects.filter(
            pk=pk, snapshot__in=snapshots_visible_to(user).values("pk")
        )
        .filter(_rows_q(user))
        .select_related("snapshot")
        .first()
    )
    if row is None:
        raise Http404("No such unit.")
    return row


def row_trend(user, row: SnapshotRow, limit: int = 12) -> list[SnapshotRow]:
    """The same unit in the published snapshots of the same kind of period, oldest first."""
    unit = {"region_id": row.region_id, "department_id": row.department_id}
    unit["person_id"] = row.person_id
    rows = (
        SnapshotRow.objects.filter(
            unit_kind=row.unit_kind,
            snapshot__period=row.snapshot.period,
            snapshot__published_at__isnull=False,
            **unit,
        )
        .filter(_rows_q(user))
        .select_related("snapshot")
        .order_by("-snapshot__starts_on")[:limit]
    )
    return list(reversed(rows))


def row_evidence(user, row: SnapshotRow, figure: str) -> QuerySet[Case]:
    """The cases behind one figure of a row, as far as the reader may see them."""
    snapshot = row.snapshot
    start, end = local_midnight(snapshot.starts_on), local_midnight(snapshot.ends_on)
    if row.unit_kind == UnitKind.GRID_WORKER:
        ids = Case.objects.filter(
            created_by_id=row.person_id,
            channel=Channel.PATROL,
            created_at__gte=start,
            created_at__lt=end,
        ).values_list("pk", flat=True)
    else:
        pk = row.region_id or row.department_id
        days = snapshot.rules.get(row.unit_kind, {}).get("recurrence_days", 30)
        ids = evidence_ids(figure, row.unit_kind, pk, row.path, start, end, days=days)
    return (
        cases_visible_to(user)
        .filter(pk__in=list(ids))
        .select_related("category", "cell")
        .order_by("created_at", "id")
    )


def reinspections_for(user, snapshot: Snapshot) -> QuerySet[Reinspection]:
    """The re-inspections of a snapshot: all for the city office, one's own for an inspector."""
    qs = snapshot.reinspections.select_related("case", "inspector")
    return qs if may_assess(user) else qs.filter(inspector=user)


def scoring_rules(user) -> QuerySet[ScoringRule]:
    """The scoring rules with their history: public to everyone with a jurisdiction."""
    if jurisdiction_of(user).is_empty:
        return ScoringRule.objects.none()
    return ScoringRule.objects.all()
