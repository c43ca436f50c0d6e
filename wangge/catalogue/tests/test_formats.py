"""Catalogue files: text that looks like a formula is written as text and read back unchanged."""

import io

import pytest
from openpyxl import load_workbook

from wangge.catalogue.formats import read_catalogue, write_catalogue

ROW = {
    "code": "E9901",
    "kind": "event",
    "name": '=HYPERLINK("http://evil.example")',
    "description": "-2+3 \x00并非公式",
    "closing_conditions": "@SUM(1)",
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_text_round_trips_as_text(fmt):
    data = write_catalogue([ROW], fmt)
    ((_number, row),) = read_catalogue(data, fmt).rows
    assert row["name"] == ROW["name"]
    assert row["description"] == "-2+3 并非公式"
    assert row["closing_conditions"] == "@SUM(1)"


def test_xlsx_cells_are_typed_as_strings_not_formulas():
    sheet = load_workbook(io.BytesIO(write_catalogue([ROW], "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    name = sheet[2][header.index("name")]
    assert (name.value, name.data_type) == (ROW["name"], "s")


def test_csv_cells_that_would_start_a_formula_begin_with_an_apostrophe():
    text = write_catalogue([ROW], "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'-2+3" in text
    assert "'@SUM(1)" in text
