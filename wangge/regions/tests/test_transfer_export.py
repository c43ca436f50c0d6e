"""Export streams the tree in the form import reads back: a round trip changes nothing."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.regions.levels import ORDER
from wangge.regions.models import Region
from wangge.regions.transfer import export_chunks, regions_export, regions_import


def snapshot():
    return list(
        Region.objects.order_by("path").values_list(
            "code", "name", "level", "path", "kind", "boundary"
        )
    )


def empty_the_tree():
    for level in reversed(ORDER):  # children first: parents are protected
        Region.objects.filter(level=level).delete()


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_tree(tree, fmt):
    Region.objects.filter(code="410102001001001").update(
        kind="block", name='带"引号", 和逗号'
    )
    before = snapshot()
    out = io.StringIO()
    assert regions_export(out, fmt=fmt) == 31

    empty_the_tree()
    report = regions_import(io.BytesIO(out.getvalue().encode()), fmt=fmt)

    assert (report.ok, report.created) == (True, 31)
    assert snapshot() == before


def test_geojson_export_is_a_feature_collection_in_tree_order(tree):
    out = io.StringIO()
    regions_export(out, root=tree["410103002"])
    document = json.loads(out.getvalue())
    assert document["type"] == "FeatureCollection"
    first, second = document["features"][:2]
    assert first["properties"] == {
        "code": "410103002",
        "name": tree["410103002"].name,
        "level": "township",
        "parent": "410103",
    }
    assert first["geometry"] == tree["410103002"].boundary
    assert second["properties"]["parent"] == "410103002"
    assert [f["properties"]["code"] for f in document["features"]] == sorted(
        code for code in tree if code.startswith("410103002")
    )


def test_csv_export_has_the_documented_columns(tree):
    out = io.StringIO()
    regions_export(out, fmt="csv", root=tree["410102001001001"])
    header, row, end = out.getvalue().split("\n")
    assert header == "code,name,level,parent,kind,boundary"
    assert row.startswith("410102001001001,")
    assert (
        json.loads(row.split(",", 5)[5].strip('"').replace('""', '"'))
        == tree["410102001001001"].boundary
    )
    assert end == ""


def test_export_reads_nothing_until_streamed_and_then_in_one_query(tree):
    with CaptureQueriesContext(connection) as queries:
        chunks = export_chunks(Region.objects.all(), "geojson")
        assert len(queries) == 0
        assert "".join(chunks).count('"type":"Feature"') == 31
    assert len(queries) == 1


def test_a_name_that_starts_like_a_formula_is_escaped_in_csv_and_read_back(tree):
    Region.objects.filter(code="410102001001001").update(name="=cmd|'/C calc'!A0")
    before = snapshot()
    out = io.StringIO()
    regions_export(out, fmt="csv")
    line = next(
        x for x in out.getvalue().split("\n") if x.startswith("410102001001001")
    )
    assert line.split(",")[1].startswith("'=")

    empty_the_tree()
    report = regions_import(io.BytesIO(out.getvalue().encode()), fmt="csv")

    assert report.ok
    assert snapshot() == before
