"""The row checks of a historical import, without the database."""

import csv
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from wangge.cases.history_rows import (
    COLUMNS,
    CellRef,
    HistoryRow,
    Lookups,
    UnitRef,
    canonical_header,
    header_errors,
    parse_instant,
    row_check,
)

ZONE = ZoneInfo("Asia/Shanghai")
CELL = CellRef(
    pk=9,
    code="410102001001001",
    path="/410100/410102/410102001/410102001001/410102001001001/",
    nodes={"410100": 1, "410102": 2, "410102001": 3, "410102001001": 4},
    community_pk=4,
    lon=113.6,
    lat=34.7,
)
LOOKUPS = Lookups(
    categories={"E0605": 77},
    cells={CELL.code: CELL},
    departments={"cgj": UnitRef(5, "cgj", "/410100/410102/", True)},
    territorial_units={
        "410102001001": UnitRef(4, "410102001001", CELL.path[:-16], False)
    },
    locate=lambda lon, lat: CELL.code if abs(lon - 113.6) < 0.01 else None,
    covers=lambda path: path.startswith("/410100/410102/"),
    channels=frozenset({"hotline", "resident"}),
    priorities=frozenset({"normal", "urgent"}),
    satisfactions=frozenset({"satisfied"}),
    zone=ZONE,
    now=datetime(2026, 1, 1, tzinfo=ZONE),
)


def row(**overrides) -> dict:
    values = {
        "source_number": "OLD-1",
        "category": "E0605",
        "description": "占道经营",
        "cell": CELL.code,
        "channel": "hotline",
        "state": "closed",
        "reported_at": "2025-03-03 09:00",
        "registered_at": "2025-03-03 09:30",
        "dispatched_at": "2025/03/03 10:00",
        "handled_at": "2025-03-04T15:00:00+08:00",
        "closed_at": datetime(2025, 3, 5, 10, 0),
    }
    values.update(overrides)
    return values


def check(**overrides):
    with translation.override("en"):
        return row_check(7, row(**overrides), LOOKUPS)


def fields(result) -> set[str]:
    assert isinstance(result, list), result
    return {e.field for e in result}


def test_a_complete_closed_row_is_accepted_with_its_community_as_node_and_handler():
    result = check()

    assert isinstance(result, HistoryRow)
    assert (result.node_pk, result.region_pk, result.department_pk) == (4, 4, None)
    assert (result.lon, result.lat) == (113.6, 34.7)
    # Left out, the acceptance is the dispatch.
    assert result.instants["accepted_at"] == datetime(2025, 3, 3, 10, 0, tzinfo=ZONE)


def test_times_of_every_form_are_read_in_the_platforms_zone():
    assert parse_instant("2025-03-03 09:00", ZONE) == datetime(
        2025, 3, 3, 9, tzinfo=ZONE
    )
    assert parse_instant("2025/03/03 09:00:30", ZONE).second == 30
    assert parse_instant("2025-03-03T01:00:00+00:00", ZONE) == datetime(
        2025, 3, 3, 9, tzinfo=ZONE
    )
    assert parse_instant("", ZONE) is None
    with pytest.raises(ValueError):
        parse_instant("3 March", ZONE)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "X"}, "category"),
        ({"channel": "fax"}, "channel"),
        ({"priority": "high"}, "priority"),
        ({"state": "in_progress"}, "state"),
        ({"source_number": ""}, "source_number"),
        ({"description": " "}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"reporter_phone": "138-abc"}, "reporter_phone"),
        ({"cell": "410102001001999"}, "cell"),
        ({"cell": "", "lon": "120", "lat": "30"}, "lon"),
        ({"lon": "abc", "lat": "1"}, "lon"),
        ({"lon": "200", "lat": "1"}, "lon"),
        ({"lon": "113.7", "lat": "34.7"}, "lon"),
        ({"registered_at": "2025-03-03 08:00"}, "registered_at"),
        ({"handled_at": ""}, "handled_at"),
        ({"closed_at": "2027-01-01 00:00"}, "closed_at"),
        ({"node": "410103"}, "node"),
        ({"department": "nope"}, "department"),
        ({"department": "cgj", "handling_unit": "410102001001"}, "handling_unit"),
        ({"satisfaction": "meh"}, "satisfaction"),
        ({"reported_at": "soon"}, "reported_at"),
    ],
)
def test_a_bad_value_is_reported_in_its_column(overrides, field):
    assert field in fields(check(**overrides))


def test_a_place_outside_the_importers_jurisdiction_is_refused():
    outside = CellRef(
        10, "410103001001001", "/410100/410103/x/", {"410100": 1}, 1, 0, 0
    )
    lookups = Lookups(**{**vars(LOOKUPS), "cells": {outside.code: outside}})

    with translation.override("en"):
        [error] = row_check(3, row(cell=outside.code), lookups)

    assert (error.line, error.field) == (3, "cell")
    assert error.message == "This place lies outside your jurisdiction."


def test_a_rejected_row_has_no_steps_of_handling_and_a_rating_only_when_closed():
    assert isinstance(
        check(state="rejected", registered_at="", dispatched_at="", handled_at=""),
        HistoryRow,
    )
    assert fields(check(state="rejected", accepted_at="2025-03-03 10:00")) == {
        "registered_at",
        "dispatched_at",
        "accepted_at",
        "handled_at",
    }
    assert "satisfaction" in fields(
        check(
            state="registered",
            dispatched_at="",
            handled_at="",
            closed_at="",
            satisfaction="satisfied",
        )
    )


def test_a_point_alone_finds_its_cell():
    result = check(cell="", lon="113.601", lat="34.7")

    assert result.cell is CELL and result.lon == 113.601


def test_chinese_headers_name_the_same_columns_and_missing_ones_are_named():
    assert canonical_header("\ufeff来源编号") == "source_number"
    assert canonical_header(" Category ") == "category"
    with translation.override("en"):
        errors = header_errors(
            [
                "source_number",
                "category",
                "description",
                "channel",
                "state",
                "reported_at",
            ]
        )
    assert [e.field for e in errors] == ["cell"]


def test_the_sample_file_of_the_docs_has_every_column_a_row_may_carry():
    sample = Path(__file__).resolve().parents[3] / "docs/samples/historical-cases.csv"
    with sample.open(encoding="utf-8") as handle:
        headers = next(csv.reader(handle))

    assert set(headers) == set(COLUMNS)
    assert header_errors(headers) == []
