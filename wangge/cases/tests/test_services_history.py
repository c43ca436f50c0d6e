"""Historical import: rows checked, written in bulk with timeline, numbers and roll-ups."""

import csv
import io

from django.utils import translation

from wangge.cases.models import Case, CaseEvent, CaseNumberSequence
from wangge.cases.rollups import tally_computed, tally_stored
from wangge.cases.services.history import history_import
from wangge.cases.tests.conftest import CELL, COMMUNITY, TERRITORIAL
from wangge.cases.tests.steps import local

SIBLING_CELL = "410103001001001"
HEADER = [
    "source_number",
    "number",
    "category",
    "description",
    "cell",
    "channel",
    "reporter_name",
    "reporter_phone",
    "state",
    "reported_at",
    "registered_at",
    "dispatched_at",
    "accepted_at",
    "handled_at",
    "closed_at",
    "satisfaction",
    "note",
]


def closed_row(source="OLD-1", **overrides) -> dict:
    row = {
        "source_number": source,
        "number": "",
        "category": TERRITORIAL,
        "description": "楼道堆物",
        "cell": CELL,
        "channel": "hotline",
        "reporter_name": "王女士",
        "reporter_phone": "13812345678",
        "state": "closed",
        "reported_at": "2025-03-03 09:00",
        "registered_at": "2025-03-03 09:30",
        "dispatched_at": "2025-03-03 10:00",
        "accepted_at": "2025-03-03 11:00",
        "handled_at": "2025-03-04 15:00",
        "closed_at": "2025-03-05 10:00",
        "satisfaction": "satisfied",
        "note": "",
    }
    row.update(overrides)
    return row


def csv_bytes(*rows: dict) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def run(content: bytes, actor=None, **kwargs):
    with translation.override("en"):
        return history_import(content, "cases.csv", actor=actor, **kwargs)


def test_a_closed_row_becomes_a_closed_case_with_its_whole_timeline(people, tree):
    checked = run(csv_bytes(closed_row()), people.city_desk)

    assert checked.errors == []
    case = Case.objects.get(source_number="OLD-1")
    assert case.state == "closed"
    assert case.node == tree[COMMUNITY]
    assert case.handler_region == tree[COMMUNITY]
    assert case.created_at == local(2025, 3, 3, 9, 0)
    assert case.closed_at == local(2025, 3, 5, 10, 0)
    assert case.reporter_phone == "13812345678"
    assert case.number.startswith("20250303")
    events = list(case.events.order_by("created_at", "id"))
    assert [e.action for e in events] == [
        "report",
        "register",
        "dispatch",
        "accept",
        "handle",
        "verify_pass",
        "rate",
    ]
    assert all(e.node == tree[COMMUNITY] for e in events)
    assert events[1].data["stage"] == "intake" and events[1].data["on_time"] is True
    assert tally_stored() == tally_computed()


def test_rows_outside_the_importers_jurisdiction_are_rejected_and_not_written(
    people, tree
):
    content = csv_bytes(closed_row("IN"), closed_row("OUT", cell=SIBLING_CELL))

    checked = run(content, people.community_desk)

    assert [(e.line, e.field) for e in checked.errors] == [(3, "cell")]
    assert checked.errors[0].message == "This place lies outside your jurisdiction."
    assert list(Case.objects.values_list("source_number", flat=True)) == ["IN"]


def test_bad_rows_are_reported_by_row_and_column_and_nothing_of_them_is_written(
    people, tree
):
    content = csv_bytes(
        closed_row("A", category="NOPE"),
        closed_row("B", handled_at="2025-03-02 09:00"),
        closed_row("C", state="in_progress"),
        closed_row("D", reported_at="yesterday"),
        closed_row("E", reporter_phone="call me"),
        closed_row("A"),
    )

    checked = run(content)

    assert {(e.line, e.field) for e in checked.errors} == {
        (2, "category"),
        (3, "handled_at"),
        (4, "state"),
        (5, "reported_at"),
        (6, "reporter_phone"),
    }
    assert checked.rejected == 5
    # The last row's source number was not taken by the rejected first row.
    assert list(Case.objects.values_list("source_number", flat=True)) == ["A"]
    assert not any("call me" in e.message for e in checked.errors)


def test_messages_of_the_report_are_in_the_importers_language(people, tree):
    with translation.override("zh-hans"):
        checked = history_import(
            csv_bytes(closed_row(satisfaction="happy")), "cases.csv", actor=None
        )

    assert checked.errors[0].message == "请选择满意、基本满意或不满意。"


def test_importing_the_same_file_again_writes_nothing(people, tree):
    content = csv_bytes(
        closed_row("A"),
        closed_row(
            "B",
            state="rejected",
            registered_at="",
            dispatched_at="",
            accepted_at="",
            handled_at="",
            satisfaction="",
        ),
    )
    run(content)
    before = (Case.objects.count(), CaseEvent.objects.count(), tally_stored())

    again = run(content)

    assert (again.skipped, again.rows, again.errors) == (2, [], [])
    assert (Case.objects.count(), CaseEvent.objects.count(), tally_stored()) == before


def test_a_dry_run_checks_every_row_and_writes_nothing(people, tree):
    checked = run(
        csv_bytes(closed_row("A"), closed_row("B", category="NOPE")), dry_run=True
    )

    assert len(checked.rows) == 1 and checked.rejected == 1
    assert Case.objects.count() == 0


def test_a_historical_number_is_kept_when_free_and_the_day_never_issues_it_again(
    people, tree
):
    content = csv_bytes(
        closed_row("A", number="20250303000007"),
        closed_row("B", number="20250303000007"),
        closed_row("C", number="XC-2019-1"),
    )

    run(content)

    numbers = dict(Case.objects.values_list("source_number", "number"))
    assert numbers["A"] == "20250303000007"
    assert numbers["C"] == "XC-2019-1"
    # B's number was taken: it got the next of its day, past the kept one.
    assert numbers["B"] == "20250303000008"
    assert CaseNumberSequence.objects.get(day="2025-03-03").last == 8


def test_a_rejected_and_a_registered_row_get_their_timelines_and_clocks(people, tree):
    content = csv_bytes(
        closed_row(
            "R",
            state="rejected",
            registered_at="",
            dispatched_at="",
            accepted_at="",
            handled_at="",
            satisfaction="",
            note="不属于受理范围",
        ),
        closed_row(
            "G",
            state="registered",
            dispatched_at="",
            accepted_at="",
            handled_at="",
            closed_at="",
            satisfaction="",
        ),
    )

    run(content)

    rejected = Case.objects.get(source_number="R")
    assert [(e.action, e.note) for e in rejected.events.order_by("created_at", "id")][
        1
    ] == ("reject", "不属于受理范围")
    assert rejected.closed_at is None and rejected.deadline is not None
    registered = Case.objects.get(source_number="G")
    assert registered.state == "registered"
    assert registered.started_at == local(2025, 3, 3, 9, 30)
    assert registered.deadline > registered.started_at
    assert registered.escalate_at is not None
    assert tally_stored() == tally_computed()


def test_an_excel_workbook_is_read_like_a_csv_file(people, tree):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    row = closed_row("X")
    sheet.append(["来源编号", *HEADER[1:]])
    sheet.append([row[h] for h in HEADER])
    out = io.BytesIO()
    book.save(out)

    with translation.override("en"):
        checked = history_import(out.getvalue(), "old.xlsx")

    assert checked.errors == []
    assert Case.objects.filter(source_number="X", state="closed").exists()


def test_a_file_without_the_required_columns_is_refused_on_its_first_row(people, tree):
    checked = run(b"number,description\n1,x\n")

    assert {e.field for e in checked.errors} >= {"source_number", "category", "cell"}
    assert all(e.line == 1 for e in checked.errors)


def test_imported_cases_take_fresh_ids_and_intake_goes_on_after_them(
    people, tree, reported
):
    before = Case.objects.get(number=reported()).pk
    run(
        csv_bytes(closed_row("OLD-1"), closed_row("OLD-2", description="占道经营")),
        people.city_desk,
    )
    imported = list(
        Case.objects.filter(source_number__startswith="OLD-").order_by("pk")
    )
    after = Case.objects.get(number=reported()).pk
    assert before < imported[0].pk < imported[1].pk < after
    # Each case's events are its own: the report event repeats its description.
    for case in imported:
        report = case.events.get(action="report")
        assert report.note == case.description
