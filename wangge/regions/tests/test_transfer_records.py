"""Reading region files: each feature's fields checked on their own, no database."""

import io
import json

import pytest
from django.utils import translation

from wangge.regions.tests.transfer_files import box, csv_file, feature, geojson_file
from wangge.regions.transfer.records import Format, read_records


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def problems_of(records):
    return [(p.label, p.rule, p.message) for r in records for p in r.problems]


def test_geojson_fields_are_cleaned_into_records():
    f = feature(410102, "district", 410100, box(113, 34, 1), name=" 中原区 ")
    records, problems = read_records(geojson_file(f), Format.GEOJSON)
    assert problems == []
    [record] = records
    assert (record.code, record.name, record.level, record.parent) == (
        "410102",
        "中原区",
        "district",
        "410100",
    )
    assert record.geometry == box(113, 34, 1)
    assert record.where == "features[0]"


def test_null_or_empty_parent_means_no_parent():
    records, _ = read_records(
        geojson_file(
            feature("410100", "city", None, None), feature("420100", "city", "", None)
        ),
        Format.GEOJSON,
    )
    assert [r.parent for r in records] == [None, None]


def test_foreign_members_of_a_geometry_are_not_kept():
    geometry = {**box(113, 34, 1), "bbox": [113, 34, 114, 35]}
    records, _ = read_records(
        geojson_file(feature("410100", "city", None, geometry)), Format.GEOJSON
    )
    assert records[0].geometry == box(113, 34, 1)


def test_a_feature_without_code_is_named_by_its_index():
    good = feature("410100", "city", None, None)
    nameless = feature(None, "district", "410100", None)
    records, _ = read_records(geojson_file(good, nameless), Format.GEOJSON)
    assert problems_of(records) == [("features[1]", "field", "missing or invalid code")]


@pytest.mark.parametrize(
    ("change", "rule", "message"),
    [
        ({"name": ""}, "field", "missing name"),
        ({"name": "长" * 101}, "field", "name longer than 100 characters"),
        (
            {"level": "street"},
            "level",
            "unknown level street (expected one of: city, district, township, community, cell)",
        ),
        (
            {"level": None},
            "level",
            "unknown level (empty) (expected one of: city, district, township, community, cell)",
        ),
        ({"parent": ["410102"]}, "field", "invalid parent code"),
        (
            {"kind": "tower"},
            "field",
            "unknown kind tower (expected one of: group, building, block, unit)",
        ),
        (
            {"kind": "building", "level": "township"},
            "field",
            "only grid cells have a kind",
        ),
    ],
)
def test_each_unusable_field_is_a_problem_of_that_feature(change, rule, message):
    f = feature("410102001001001", "cell", "410102001001", box(113, 34, 0.4))
    f["properties"].update(change)
    records, _ = read_records(geojson_file(f), Format.GEOJSON)
    assert problems_of(records) == [("410102001001001", rule, message)]


def test_csv_rows_read_like_geojson_features():
    features = [
        feature("410100", "city", None, box(113, 34, 1.6)),
        feature(
            "410102001001001", "cell", "410102001001", box(113, 34, 0.4), kind="unit"
        ),
    ]
    from_csv, _ = read_records(csv_file(*features), Format.CSV)
    from_geojson, _ = read_records(geojson_file(*features), Format.GEOJSON)
    fields = ("code", "name", "level", "parent", "kind", "geometry")
    assert [[getattr(r, f) for f in fields] for r in from_csv] == [
        [getattr(r, f) for f in fields] for r in from_geojson
    ]
    assert [r.where for r in from_csv] == ["line 2", "line 3"]


def test_csv_boundary_that_is_not_geojson_text_is_a_problem_of_its_line():
    text = "code,name,level,parent,kind,boundary\n410100,郑州市,city,,,POLYGON((0 0,1 0,1 1,0 0))\n"
    records, _ = read_records(io.BytesIO(text.encode()), Format.CSV)
    assert problems_of(records) == [
        ("410100", "geometry", "the boundary column is not GeoJSON geometry text")
    ]


def test_csv_with_a_byte_order_mark_reads_its_header():
    text = "\ufeffcode,name,level,parent,kind,boundary\n410100,郑州市,city,,,\n"
    records, problems = read_records(io.BytesIO(text.encode()), Format.CSV)
    assert problems == [] and records[0].code == "410100"


def test_csv_without_required_columns_is_refused_as_a_whole():
    records, problems = read_records(io.BytesIO(b"code,name\n410100,x\n"), Format.CSV)
    assert records == []
    assert [(p.label, p.message) for p in problems] == [
        ("file", "missing CSV columns: boundary, level, parent")
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (json.dumps({"type": "Feature"}).encode(), "not a GeoJSON FeatureCollection"),
        ("中文".encode("gbk"), "the file is not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_a_feature_collection_is_refused_as_a_whole(
    content, message
):
    records, problems = read_records(io.BytesIO(content), Format.GEOJSON)
    assert records == []
    assert len(problems) == 1 and problems[0].message.startswith(message)


def test_text_streams_and_paths_are_read_too(tmp_path):
    data = geojson_file(feature("410100", "city", None, None)).getvalue()
    path = tmp_path / "regions.geojson"
    path.write_bytes(data)
    from_path, _ = read_records(path, Format.GEOJSON)
    from_text, _ = read_records(io.StringIO(data.decode()), Format.GEOJSON)
    assert from_path[0].code == from_text[0].code == "410100"
