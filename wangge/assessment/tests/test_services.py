"""Snapshots against the record: the figures equal what the case list and the ledger say."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wangge.assessment import services
from wangge.assessment.figures import evidence_ids, period_figures
from wangge.assessment.models import Reinspection, SnapshotRow, UnitKind
from wangge.assessment.tests.month import NOVEMBER, determination
from wangge.cases.ledger import ledger_rows
from wangge.cases.models import Case
from wangge.cases.selectors import CaseFilter, case_list
from wangge.cases.tests.conftest import CELL, COMMUNITY, DISTRICT, TOWNSHIP
from wangge.cases.tests.steps import (
    local,
)
from wangge.linkage.models import (
    Determination,
    DeterminationKind,
    DeterminationState,
)
from wangge.people.roles import Role
from wangge.people.tests.factories import staff


def _row(snapshot, kind, **unit):
    return SnapshotRow.objects.get(snapshot=snapshot, unit_kind=kind, **unit)


def test_snapshot_equals_the_case_list_and_the_ledger(november, tree, people, office):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    community = _row(snapshot, UnitKind.COMMUNITY, region=tree[COMMUNITY])
    period = CaseFilter(
        region=COMMUNITY, created_from=NOVEMBER[0], created_to=NOVEMBER[1]
    )
    listed = case_list(people.leader, period)
    assert community.counts["reported"] == listed.count() == 4
    assert community.counts["closed"] == listed.filter(state="closed").count() == 2
    ledger = list(ledger_rows(people.leader, tree[COMMUNITY], period))
    assert len(ledger) == community.counts["reported"]
    assert community.counts["reworked"] == sum(1 for r in ledger if r[28]) == 1
    assert community.counts["registered"] == 2
    assert community.counts["returned"] == 1
    assert community.counts["recurred"] == 2  # both later cases follow a closure
    assert community.counts["public_reported"] == 3
    # the district rolls up the same cases; the city too
    district = _row(snapshot, UnitKind.DISTRICT, region=tree[DISTRICT])
    assert district.counts == community.counts


def test_every_figure_shows_the_cases_behind_it(november, tree):
    figures = period_figures(*NOVEMBER)
    counts = figures.of(UnitKind.COMMUNITY, tree[COMMUNITY].pk)
    for figure, count in counts.items():
        ids = evidence_ids(
            figure,
            UnitKind.COMMUNITY,
            tree[COMMUNITY].pk,
            tree[COMMUNITY].path,
            *NOVEMBER,
        )
        assert len(ids) == count, figure
    assert evidence_ids(
        "recurred",
        UnitKind.COMMUNITY,
        tree[COMMUNITY].pk,
        tree[COMMUNITY].path,
        *NOVEMBER,
    ) == [
        november["reworked"].pk,
        november["recurrence"].pk,
    ]


def test_the_returning_department_is_not_charged_the_dispatch_but_the_desk_is(
    november, tree, departments
):
    figures = period_figures(*NOVEMBER)
    desk = figures.of(UnitKind.DESK, tree[COMMUNITY].pk)
    assert desk["dispatched"] == 2
    assert desk["dispatched_accurately"] == 1


def test_a_published_snapshot_is_frozen(november, office):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    services.snapshot_publish(actor=office, snapshot=snapshot)
    with pytest.raises(ValidationError):
        services.snapshot_compute(
            actor=office, period="month", day=dt.date(2026, 11, 20)
        )
    with pytest.raises(ValidationError):
        services.scoring_rule_set(
            actor=office,
            unit_kind="department",
            valid_from=dt.date(2026, 11, 15),
            weights={"closed": 1},
        )


def test_rows_carry_the_determinations_of_their_unit_and_of_the_regions_below(
    determinations, tree, people, office, departments
):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )

    def of(kind, **unit):
        return _row(snapshot, kind, **unit).determinations

    assert of(UnitKind.CELL, region=tree[CELL]) == {"warning": 1}
    assert of(UnitKind.COMMUNITY, region=tree[COMMUNITY]) == {
        "reminder_talk": 1,
        "warning": 1,
    }
    township = {"reminder_talk": 1, "warning": 1, "criticism": 1}
    assert of(UnitKind.TOWNSHIP, region=tree[TOWNSHIP]) == township
    assert of(UnitKind.DISTRICT, region=tree[DISTRICT]) == township
    assert of(UnitKind.GRID_WORKER, person=people.worker) == {
        "warning": 1,
        "criticism": 1,
    }
    others = SnapshotRow.objects.filter(
        snapshot=snapshot, unit_kind__in=(UnitKind.DEPARTMENT, UnitKind.DESK)
    )
    assert others.exists()
    assert all(row.determinations == {} for row in others)


def test_determinations_do_not_change_the_score(determinations, office):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    scored = list(snapshot.rows.values_list("unit_kind", "name", "total", "rank"))
    Determination.objects.update(state=DeterminationState.REVOKED)

    again = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )

    assert list(again.rows.values_list("unit_kind", "name", "total", "rank")) == scored
    assert not again.rows.exclude(determinations={}).exists()


def test_a_published_snapshot_keeps_its_determinations(
    determinations, tree, people, office
):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    services.snapshot_publish(actor=office, snapshot=snapshot)
    frozen = _row(snapshot, UnitKind.COMMUNITY, region=tree[COMMUNITY]).determinations

    # a determination of November recorded after publishing, and an appeal that succeeds
    determination(
        tree[COMMUNITY],
        DeterminationKind.DEMERIT,
        DeterminationState.RECORDED,
        local(2026, 11, 28, 10),
        [people.secretary],
    )
    determinations["cell"].state = DeterminationState.REVOKED
    determinations["cell"].save()

    live = period_figures(*NOVEMBER).determinations_of(
        UnitKind.COMMUNITY, tree[COMMUNITY].pk
    )
    assert live == {"reminder_talk": 1, "demerit": 1}
    row = _row(snapshot, UnitKind.COMMUNITY, region=tree[COMMUNITY])
    assert row.determinations == frozen == {"reminder_talk": 1, "warning": 1}


def test_the_snapshot_keeps_the_rule_in_force_on_its_first_day(november, office):
    services.scoring_rule_set(
        actor=office,
        unit_kind="department",
        valid_from=dt.date(2026, 11, 1),
        weights={"closed": 100},
    )
    services.scoring_rule_set(
        actor=office,
        unit_kind="department",
        valid_from=dt.date(2026, 11, 2),
        weights={"registered": 100},
    )
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    assert snapshot.rules["department"]["rule"]["weights"] == {"closed": 100}


def test_only_the_city_office_computes(november, people):
    with pytest.raises(PermissionDenied):
        services.snapshot_compute(
            actor=people.leader, period="month", day=dt.date(2026, 11, 5)
        )


def test_a_period_not_over_cannot_be_published(november, office, time_machine):
    time_machine.move_to(local(2026, 12, 20, 9), tick=False)
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 12, 5)
    )
    with pytest.raises(ValidationError):
        services.snapshot_publish(actor=office, snapshot=snapshot)


def test_sanctions_follow_a_published_snapshot_and_may_name_a_determination(
    november, office, tree
):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    row = _row(snapshot, UnitKind.COMMUNITY, region=tree[COMMUNITY])
    with pytest.raises(ValidationError):
        services.sanction_give(actor=office, row=row, kind="penalty", reason="返工")
    services.snapshot_publish(actor=office, snapshot=snapshot)
    proposed, recorded = (
        Determination.objects.create(
            region=tree[COMMUNITY],
            kind=DeterminationKind.REMINDER_TALK,
            basis="overdue",
            reason="超期未处置",
            state=state,
        )
        for state in (DeterminationState.PROPOSED, DeterminationState.RECORDED)
    )
    with pytest.raises(ValidationError) as refused:
        services.sanction_give(
            actor=office,
            row=row,
            kind="penalty",
            reason="返工多",
            determination_id=proposed.pk,
        )
    assert set(refused.value.message_dict) == {"determination"}
    sanction = services.sanction_give(
        actor=office,
        row=row,
        kind="penalty",
        reason="返工多",
        determination_id=recorded.pk,
    )
    assert (sanction.row.snapshot, sanction.determination) == (snapshot, recorded)


def test_reinspection_draws_the_same_sample_for_the_same_seed_by_other_grids(
    november, office, tree, people
):
    other = staff("other_worker", Role.GRID_WORKER, tree["410102001001002"])
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    drawn = services.reinspection_draw(
        actor=office, snapshot=snapshot, size=2, seed="s1"
    )
    picked = sorted((r.case_id, r.inspector_id) for r in drawn)
    assert {inspector for _case, inspector in picked} == {other.pk}
    Reinspection.objects.all().delete()
    again = services.reinspection_draw(
        actor=office, snapshot=snapshot, size=2, seed="s1"
    )
    assert sorted((r.case_id, r.inspector_id) for r in again) == picked
    assert {c for c, _i in picked} <= set(
        Case.objects.filter(state="closed").values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("period", "day", "bounds"),
    [
        ("month", dt.date(2026, 12, 9), (dt.date(2026, 12, 1), dt.date(2027, 1, 1))),
        ("quarter", dt.date(2026, 11, 9), (dt.date(2026, 10, 1), dt.date(2027, 1, 1))),
        ("year", dt.date(2026, 3, 9), (dt.date(2026, 1, 1), dt.date(2027, 1, 1))),
    ],
)
def test_period_bounds(period, day, bounds):
    assert services.period_bounds(period, day) == bounds
