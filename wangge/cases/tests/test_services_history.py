"""Historical import: rows checked, written in bulk with timeline, numbers and roll-ups."""

import csv
import io

import pytest
from django.utils import translation

from wangge.cases.models import Case, CaseEvent, CaseNumberSequence
from wangge.cases.rollups import tally_computed, tally_stored
from wangge.cases.services.history import history_import
from wangge.cases.tests.conftest import CELL, COMMUNITY, SIBLING_DISTRICT, TERRITORIAL
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
    checked = run(csv_bytes(closed_row()), people.city_office if hasattr(people, "city_office") else None)

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
