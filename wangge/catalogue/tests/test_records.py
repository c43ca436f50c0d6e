"""The row checks of catalogue files, without a database."""

import json

import pytest

from wangge.catalogue.records import (
    FIELDS,
    StoredCategory,
    check_columns,
    check_records,
    derive_default_units,
    parse_row,
    parse_rows,
)

MAJOR = {"code": "E09", "kind": "event", "name": "测试大类"}
MINOR = {
    "code": "E0901",
    "parent": "E09",
    "kind": "event",
    "name": "测试小类",
    "limit_amount": "3",
    "limit_unit": "days",
    "urgent_limit_amount": "4",
    "urgent_limit_unit": "hours",
    "responsibility": "departmental",
    "department_kind": "urban_management",
    "department_level": "district",
}


def fields_in_error(raw: dict) -> set[str]:
    record, errors = parse_row(raw, 7)
    assert record is None
    assert all(e.row == 7 for e in errors)
    return {e.field for e in errors}


def test_spreadsheet_text_becomes_typed_values():
    record, errors = parse_row({**MINOR, "is_active": "否", "limit_amount": 3.0}, 2)
    assert errors == []
    assert record.limit_amount == 3
    assert record.urgent_limit_amount == 4
    assert record.is_active is False
    assert record.source == "local"


def test_attributes_cell_holds_a_json_list():
    attributes = [
        {"code": "count", "label": "数量", "type": "integer", "required": "true"}
    ]
    record, errors = parse_row({**MINOR, "attributes": json.dumps(attributes)}, 2)
    assert errors == []
    assert record.attributes[0].code == "count"
    assert record.attributes[0].required is True


def test_blank_default_units_follow_the_responsibility():
    record, _ = parse_row({**MINOR, "unit_township": "urban_management"}, 2)
    assert record.default_units == {
        "city": "urban_management",
        "district": "urban_management",
        "township": "urban_management",
        "community": "territorial",
    }


def test_territorial_category_is_handled_territorially_at_every_level():
    assert set(derive_default_units("territorial", "").values()) == {"territorial"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"limit_amount": ""}, "limit_amount"),
        ({"limit_amount": "0"}, "limit_amount"),
        ({"limit_amount": "2.5"}, "limit_amount"),
        ({"limit_unit": "weeks"}, "limit_unit"),
        ({"urgent_limit_unit": ""}, "urgent_limit_unit"),
        (
            {"urgent_limit_amount": "4", "urgent_limit_unit": "days"},
            "urgent_limit_amount",
        ),
        ({"responsibility": ""}, "responsibility"),
        ({"department_kind": "space_agency"}, "department_kind"),
        ({"department_level": "township"}, "department_level"),
        ({"territorial_level": "community"}, "territorial_level"),
        ({"kind": "rumour"}, "kind"),
        ({"code": "E 09"}, "code"),
        ({"name": ""}, "name"),
        ({"is_active": "maybe"}, "is_active"),
        ({"unit_city": "nobody"}, "unit_city"),
        ({"attributes": "[not json"}, "attributes"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_cell_of_a_minor_category_is_named(change, field):
    assert field in fields_in_error({**MINOR, **change})


def test_urgent_limit_in_days_over_a_normal_one_in_hours_is_refused():
    raw = {
        **MINOR,
        "limit_amount": "8",
        "limit_unit": "hours",
        "urgent_limit_unit": "days",
    }
    assert "urgent_limit_amount" in fields_in_error(raw)


def test_territorial_category_needs_its_level_and_no_department():
    raw = {**MINOR, "responsibility": "territorial"}
    assert {
        "territorial_level",
        "department_kind",
        "department_level",
    } <= fields_in_error(raw)


def test_major_category_carries_no_limit_responsibility_or_attributes():
    attributes = [{"code": "x", "label": "X"}]
    raw = {**MAJOR, "limit_amount": "1", "limit_unit": "days", "attributes": attributes}
    assert {"limit_amount", "limit_unit", "attributes"} <= fields_in_error(raw)


@pytest.mark.parametrize(
    ("attribute", "field"),
    [
        ({"label": "缺代码", "type": "text"}, "attributes[1].code"),
        ({"code": "x", "type": "text"}, "attributes[1].label"),
        ({"code": "x", "label": "X", "type": "colour"}, "attributes[1].type"),
        ({"code": "x", "label": "X", "type": "choice"}, "attributes[1].choices"),
        (
            {"code": "x", "label": "X", "type": "text", "choices": ["a"]},
            "attributes[1].choices",
        ),
        (
            {"code": "x", "label": "X", "type": "choice", "choices": ["a", "a"]},
            "attributes[1].choices",
        ),
        ({"code": "x", "label": "X", "required": "perhaps"}, "attributes[1].required"),
        ({"code": "x", "label": "X", "colour": "red"}, "attributes[1]"),
    ],
)
def test_a_bad_attribute_is_named_by_its_position(attribute, field):
    assert field in fields_in_error({**MINOR, "attributes": [attribute]})


def test_an_attribute_code_may_appear_once_per_category():
    attribute = {"code": "x", "label": "X"}
    assert "attributes[2].code" in fields_in_error(
        {**MINOR, "attributes": [attribute, attribute]}
    )


def test_every_bad_row_is_reported_and_good_rows_kept():
    records, errors = parse_rows(
        [
            (2, MAJOR),
            (3, {**MINOR, "limit_amount": "x"}),
            (4, {**MINOR, "code": "E0902"}),
            (5, {}),
        ]
    )
    assert [r.code for r in records] == ["E09", "E0902"]
    assert {(e.row, e.code) for e in errors} >= {(3, "E0901"), (5, "")}


def test_header_with_an_unknown_or_repeated_column_is_refused():
    errors = check_columns(["code", "kind", "name", "nmae", "name"])
    assert {(e.field, e.row) for e in errors} == {("nmae", 1), ("name", 1)}


def test_header_missing_a_required_column_is_refused():
    assert [e.field for e in check_columns(["code", "kind"])] == ["name"]


def test_full_header_passes():
    assert check_columns(FIELDS) == []


def parsed(*rows):
    records, errors = parse_rows(enumerate(rows, start=2))
    assert errors == []
    return records


def test_minor_category_needs_an_existing_major_of_its_kind():
    records = parsed(
        {**MINOR, "parent": "E99"}, {**MINOR, "code": "E0902", "parent": "C01"}
    )
    stored = {"C01": StoredCategory("component", "")}
    errors = check_records(records, stored)
    assert [(e.code, e.field) for e in errors] == [
        ("E0901", "parent"),
        ("E0902", "kind"),
    ]


def test_parent_may_come_from_the_same_file_or_the_database():
    stored = {"C01": StoredCategory("component", "")}
    minor_of_stored = parsed(
        {**MINOR, "code": "C0199", "parent": "C01", "kind": "component"}
    )
    assert check_records(minor_of_stored, stored) == []
    assert check_records(parsed(MAJOR, MINOR), {}) == []


def test_a_minor_category_cannot_be_a_parent():
    records = parsed({**MINOR, "code": "E090101", "parent": "E0901"})
    stored = {
        "E09": StoredCategory("event", ""),
        "E0901": StoredCategory("event", "E09"),
    }
    assert [e.field for e in check_records(records, stored)] == ["parent"]


def test_a_major_category_with_minor_ones_cannot_become_minor():
    records = parsed({**MINOR, "code": "E08", "parent": "E09"})
    stored = {
        "E08": StoredCategory("event", ""),
        "E0801": StoredCategory("event", "E08"),
        "E09": StoredCategory("event", ""),
    }
    errors = check_records(records, stored)
    assert [(e.code, e.field) for e in errors] == [("E08", "parent")]
    assert "E0801" in errors[0].message


def test_changing_a_major_category_kind_under_its_minor_ones_is_refused():
    records = parsed({**MAJOR, "kind": "component"})
    stored = {
        "E09": StoredCategory("event", ""),
        "E0901": StoredCategory("event", "E09"),
    }
    assert [e.field for e in check_records(records, stored)] == ["kind"]


def test_a_code_twice_in_one_file_is_refused():
    records = parsed(MAJOR, MINOR, {**MINOR, "name": "again"})
    errors = check_records(records, {})
    assert [(e.row, e.field) for e in errors] == [(4, "code")]
