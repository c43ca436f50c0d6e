"""Imported history counts like the platform's own: a case imported with the history of a
case made through the services reads the same in the case list, the timeline, the ledger,
the roll-ups and the assessment."""

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from wangge.assessment import services as assessment
from wangge.assessment.figures import period_figures
from wangge.cases import services
from wangge.cases.ledger import ledger_xlsx
from wangge.cases.models import Case
from wangge.cases.rollups import tally_computed, tally_stored
from wangge.cases.selectors import case_list
from wangge.cases.services.history import history_import
from wangge.cases.tests.conftest import COMMUNITY, TERRITORIAL
from wangge.cases.tests.steps import act, file_case, local, verification_photo
from wangge.regions.levels import Level

OTHER_CELL = "410102001002001"
OTHER_COMMUNITY = OTHER_CELL[:12]
FMT = "%Y-%m-%d %H:%M"
# Columns that name the place or the number, which differ on purpose.
PLACE_COLUMNS = (
    "Case number",
    "Community",
    "Grid cell",
    "Platform node",
    "Handling unit",
)
CASE_FIELDS = (
    "state",
    "channel",
    "priority",
    "category_id",
    "created_at",
    "registered_at",
    "dispatched_at",
    "accepted_at",
    "handled_at",
    "closed_at",
    "started_at",
    "deadline",
    "warning_at",
    "light",
    "node_since",
    "escalate_at",
    "satisfaction",
    "rated_at",
    "reporter_name",
    "reporter_phone",
    "description",
)


@pytest.fixture
def made(tree, people, time_machine):
    """Three histories through the services in CELL: closed and rated, rejected, registered."""

    def at(*moment):
        time_machine.move_to(local(*moment), tick=False)

    at(2026, 11, 2, 9, 0)
    closed = file_case(tree, people.resident)
    at(2026, 11, 2, 9, 30)
    act(closed, "register", people.community_desk)
    at(2026, 11, 2, 10, 0)
    act(closed, "dispatch", people.community_desk)
    at(2026, 11, 2, 11, 0)
    act(closed, "accept", people.secretary)
    at(2026, 11, 9, 15, 0)  # handled late
    act(closed, "handle", people.secretary, note="已清理")
    at(2026, 11, 10, 10, 0)
    verification_photo(closed, people.worker)
    act(closed, "verify_pass", people.worker)
    services.case_rate(case=closed, actor=people.resident, satisfaction="satisfied")
    at(2026, 11, 5, 9, 0)
    rejected = file_case(tree, people.resident)
    at(2026, 11, 5, 10, 0)
    act(rejected, "reject", people.community_desk, note="不属于平台受理范围")
    at(2026, 11, 6, 9, 0)
    registered = file_case(tree, people.resident)
    at(2026, 11, 6, 9, 30)
    act(registered, "register", people.community_desk)
    at(2026, 11, 20, 9, 0)
    return [Case.objects.get(pk=c.pk) for c in (closed, rejected, registered)]


def _row(case: Case, source: str) -> dict:
    events = {e.action: e.created_at for e in case.events.all()}

    def when(action):
        moment = events.get(action)
        return (
            moment.astimezone(local(2026, 1, 1).tzinfo).strftime(FMT) if moment else ""
        )

    closing = "verify_pass" if case.state == "closed" else "reject"
    return {
        "source_number": source,
        "category": TERRITORIAL,
        "description": case.description,
        "cell": OTHER_CELL,
        "address": case.address,
        "channel": case.channel,
        "reporter_name": case.reporter_name,
        "reporter_phone": case.reporter_phone,
        "state": case.state,
        "reported_at": when("report"),
        "registered_at": when("register"),
        "dispatched_at": when("dispatch"),
        "accepted_at": when("accept"),
        "handled_at": when("handle"),
        "closed_at": when(closing),
        "satisfaction": case.satisfaction,
        "note": {"rejected": "不属于平台受理范围", "closed": "已清理"}.get(
            case.state, ""
        ),
    }


def _import(cases, tree):
    rows = [_row(c, f"OLD-{i}") for i, c in enumerate(cases)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    # Times in a file have minutes only; the cases above were made on the minute.
    checked = history_import(out.getvalue().encode(), "history.csv")
    assert checked.errors == []
    return [Case.objects.get(source_number=f"OLD-{i}") for i in range(len(cases))]


def _timeline(case: Case, community: str) -> list[tuple]:
    def plain(data):
        return {k: ("<community>" if v == community else v) for k, v in data.items()}

    return [
        (
            e.action,
            e.from_state,
            e.to_state,
            e.created_at,
            e.node.level,
            e.note,
            plain(e.data),
        )
        for e in case.events.select_related("node").order_by("created_at", "id")
    ]


def _ledger(user, node) -> list[dict]:
    with translation.override("en"):
        data = ledger_xlsx(user, node)
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.values)
    return [
        {k: v for k, v in zip(rows[0], row, strict=True) if k not in PLACE_COLUMNS}
        for row in rows[1:]
    ]


def test_imported_cases_read_exactly_like_cases_made_by_the_services(
    made, tree, office
):
    imported = _import(made, tree)

    # The case list finds them, as it finds the platform's own.
    listed = set(case_list(office).values_list("pk", flat=True))
    assert {c.pk for c in made + imported} <= listed
    for own, copy in zip(made, imported, strict=True):
        for name in CASE_FIELDS:
            assert getattr(copy, name) == getattr(own, name), (own.state, name)
        assert copy.node == tree[OTHER_COMMUNITY]
        # The timeline: the same steps at the same times, at the same level's node.
        assert _timeline(copy, OTHER_COMMUNITY) == _timeline(own, COMMUNITY)
    # The ledger of each community reads the same (but for the places and numbers).
    assert _ledger(office, tree[OTHER_COMMUNITY]) == _ledger(office, tree[COMMUNITY])
    # The roll-ups stay equal to a recount.
    assert tally_stored() == tally_computed()


def test_the_assessment_counts_imported_cases_like_the_platforms_own(
    made, tree, office
):
    _import(made, tree)
    start, end = local(2026, 11, 1), local(2026, 12, 1)

    figures = period_figures(start, end)
    snapshot = assessment.snapshot_compute(
        actor=office, period="month", day=start.date()
    )

    own = figures.of(Level.COMMUNITY, tree[COMMUNITY].pk)
    assert any(own.values())
    assert figures.of(Level.COMMUNITY, tree[OTHER_COMMUNITY].pk) == own
    rows = {r.region_id: r for r in snapshot.rows.filter(region__level=Level.COMMUNITY)}
    mine, theirs = rows[tree[COMMUNITY].pk], rows[tree[OTHER_COMMUNITY].pk]
    assert (theirs.counts, theirs.rates, theirs.total) == (
        mine.counts,
        mine.rates,
        mine.total,
    )
