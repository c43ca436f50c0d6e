"""Import and export of the catalogue: round trips in every format, all-or-nothing checks."""

import csv
import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from wangge.catalogue.exceptions import CatalogueImportError
from wangge.catalogue.formats import FORMATS, write_catalogue
from wangge.catalogue.models import Attribute, Category, DefaultHandlingUnit
from wangge.catalogue.records import FIELDS
from wangge.catalogue.selectors import catalogue_export, catalogue_records
from wangge.catalogue.services import catalogue_import

pytestmark = pytest.mark.django_db


def snapshot() -> list[dict]:
    return [record.to_row() for record in catalogue_records()]


def empty_catalogue() -> None:
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_into_an_empty_catalogue_gives_it_back(fmt):
    # given the shipped catalogue with a local change of every kind
    minor = Category.objects.get(code="E0101")
    minor.is_active = False
    minor.save()
    Category.objects.filter(code="C01").update(description="")
    before = snapshot()
    data = catalogue_export(fmt)
    # when the catalogue is emptied and the file imported
    empty_catalogue()
    result = catalogue_import(data, fmt)
    # then every category, attribute and default unit is back as it was
    assert len(result.created) == len(before)
    assert snapshot() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_importing_an_export_changes_nothing(fmt):
    before = snapshot()
    result = catalogue_import(catalogue_export(fmt), fmt)
    assert result.created == ()
    assert snapshot() == before


def test_import_updates_by_code_and_replaces_attributes():
    rows = [r for r in snapshot() if r["code"] == "C0101"]
    rows[0]["name"] = "井盖丢失"
    rows[0]["attributes"] = [
        {"code": "cover_type", "label": "井盖种类", "type": "text"}
    ]
    result = catalogue_import(write_catalogue(rows, "json"), "json")
    assert result.updated == ("C0101",)
    category = Category.objects.get(code="C0101")
    assert category.name == "井盖丢失"
    assert list(category.attributes.values_list("code", "label", "type")) == [
        ("cover_type", "井盖种类", "text")
    ]


def test_import_leaves_categories_absent_from_the_file_alone():
    count = Category.objects.count()
    rows = [{"code": "L01", "kind": "event", "name": "本地大类"}]
    rows.append(
        {
            "code": "L0101",
            "parent": "L01",
            "kind": "event",
            "name": "本地小类",
            "limit_amount": 2,
            "limit_unit": "days",
            "responsibility": "territorial",
            "territorial_level": "community",
        }
    )
    result = catalogue_import(write_catalogue(rows, "csv"), "csv")
    assert result.created == ("L01", "L0101")
    assert Category.objects.count() == count + 2
    assert DefaultHandlingUnit.objects.filter(category__code="L0101").count() == 4


def bad_rows() -> list[dict]:
    """Two good rows and three bad ones, each bad for a different reason."""
    good_major = {"code": "L01", "kind": "event", "name": "本地大类"}
    good_minor = {
        "code": "L0101",
        "parent": "L01",
        "kind": "event",
        "name": "好",
        "limit_amount": 2,
        "limit_unit": "days",
        "responsibility": "territorial",
        "territorial_level": "township",
    }
    return [
        good_major,
        good_minor,
        {**good_minor, "code": "L0102", "limit_amount": 0},
        {**good_minor, "code": "L0103", "parent": "NOPE"},
        {**good_minor, "code": "L0101", "name": "重复"},
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bad_file_reports_every_bad_row_and_writes_nothing(fmt):
    before = snapshot()
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(write_catalogue(bad_rows(), fmt), fmt)
    reported = {(e.code, e.field) for e in caught.value.row_errors}
    assert reported == {
        ("L0102", "limit_amount"),
        ("L0103", "parent"),
        ("L0101", "code"),
    }
    first = 2 if fmt != "json" else 1  # a spreadsheet's first data row is row 2
    assert [e.row for e in caught.value.row_errors] == [first + 2, first + 3, first + 4]
    assert snapshot() == before
    assert not Category.objects.filter(code__startswith="L01").exists()


def test_error_messages_name_row_code_and_field():
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(write_catalogue(bad_rows(), "csv"), "csv")
    assert any("L0102" in m and "limit_amount" in m for m in caught.value.messages)


def test_a_file_that_is_not_what_it_claims_is_refused():
    for fmt, data in [
        ("json", b"{not json"),
        ("xlsx", b"PK not a zip"),
        ("json", b"[]"),
    ]:
        with pytest.raises(CatalogueImportError) as caught:
            catalogue_import(data, fmt)
        assert caught.value.row_errors[0].field == "file"


def test_a_header_with_a_misspelt_column_stops_the_import():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "kind", "nmae"])
    writer.writerow(["L01", "event", "本地大类"])
    with pytest.raises(CatalogueImportError) as caught:
        catalogue_import(buffer.getvalue().encode(), "csv")
    assert {e.field for e in caught.value.row_errors} == {"nmae", "name"}


def test_csv_saved_by_a_chinese_excel_is_read():
    text = "code,kind,name\r\nL01,event,本地大类\r\n"
    assert catalogue_import(text.encode("gb18030"), "csv").created == ("L01",)


def test_xlsx_typed_by_hand_is_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "code",
            "parent",
            "kind",
            "name",
            "limit_amount",
            "limit_unit",
            "responsibility",
            "territorial_level",
            "is_active",
            "attributes",
        ]
    )
    sheet.append(["L01", None, "event", "本地大类"])
    sheet.append([None])
    sheet.append(
        [
            "L0101",
            "L01",
            "event",
            "本地小类",
            3,
            "days",
            "territorial",
            "community",
            True,
            json.dumps([{"code": "n", "label": "数量", "type": "integer"}]),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert catalogue_import(buffer.getvalue(), "xlsx").created == ("L01", "L0101")
    assert Attribute.objects.get(category__code="L0101").type == "integer"


def test_xlsx_export_has_the_field_names_as_header():
    sheet = load_workbook(io.BytesIO(catalogue_export("xlsx"))).active
    assert [c.value for c in sheet[1]] == list(FIELDS)
    assert sheet.max_row == Category.objects.count() + 1
