"""A good file is written whole: the tree in order, with paths, centroids and a boundary revision."""

import pytest
import shapely
from django.utils import translation

from wangge.regions.models import BoundaryRevision, Region
from wangge.regions.tests.transfer_files import (
    box,
    city_420100,
    csv_file,
    feature,
    geojson_file,
)
from wangge.regions.transfer import regions_import


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def revision() -> int:
    row = BoundaryRevision.objects.filter(id=1).first()
    return row.number if row else 0


@pytest.mark.parametrize("upload", [geojson_file, csv_file])
def test_a_good_file_creates_the_tree_with_paths_parents_and_centroids(tree, upload):
    report = regions_import(upload(*city_420100()), fmt=upload.__name__.split("_")[0])

    assert (report.ok, report.created, report.updated) == (True, 31, 0)
    cell = Region.objects.select_related("parent").get(code="420103002002002")
    assert cell.path == "/420100/420103/420103002/420103002002/420103002002002/"
    assert cell.parent.code == "420103002002"
    assert (cell.level, cell.kind) == ("cell", "building")
    assert cell.boundary == box(114.75, 30.75, 0.25)
    assert shapely.geometry.shape(cell.boundary).contains(shapely.Point(cell.centroid))
    assert Region.objects.subtree(Region.objects.get(code="420100")).count() == 31
    assert revision() == 1


def test_a_dry_run_checks_and_counts_but_writes_nothing(tree):
    before = Region.objects.count()
    report = regions_import(geojson_file(*city_420100()), dry_run=True)
    assert (report.ok, report.created, report.dry_run) == (True, 31, True)
    assert report.summary == (
        "Check passed: 31 regions would be created, 0 updated, 0 unchanged. Nothing was written."
    )
    assert Region.objects.count() == before
    assert revision() == 0


def test_upsert_updates_name_kind_and_boundary_and_leaves_the_rest(tree):
    regions_import(geojson_file(*city_420100()))
    features = city_420100()
    cell = next(f for f in features if f["properties"]["code"] == "420102001001001")
    cell["properties"].update(name="新名字", kind="unit")
    cell["geometry"] = box(114.05, 30.05, 0.1)

    report = regions_import(geojson_file(*features), mode="upsert")

    assert (report.created, report.updated, report.unchanged) == (0, 1, 30)
    region = Region.objects.get(code="420102001001001")
    assert (region.name, region.kind, region.boundary) == (
        "新名字",
        "unit",
        box(114.05, 30.05, 0.1),
    )
    assert region.centroid == pytest.approx([114.1, 30.1])
    assert revision() == 2


def test_upsert_of_an_unchanged_file_writes_nothing(tree):
    regions_import(geojson_file(*city_420100()))
    report = regions_import(geojson_file(*city_420100()), mode="upsert")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 31)
    assert revision() == 1


def test_new_regions_go_under_parents_already_in_the_database(tree):
    # Given a community emptied of its cells, when two new cells tile it again:
    Region.objects.filter(parent__code="410102001001").delete()
    cells = [
        feature("410102001001003", "cell", "410102001001", box(113, 34, 0.8, 0.2)),
        feature("410102001001004", "cell", "410102001001", box(113, 34.2, 0.8, 0.2)),
    ]
    report = regions_import(geojson_file(*cells), within=("/410100/410102/",))
    assert report.created == 2
    assert Region.objects.get(code="410102001001004").path == (
        "/410100/410102/410102001/410102001001/410102001001004/"
    )


def test_progress_is_reported_for_checking_and_writing(tree):
    steps = []
    regions_import(
        geojson_file(*city_420100()), progress=lambda *args: steps.append(args)
    )
    assert steps[-1] == ("Writing", 31, 31)
    assert ("Checking", 31, 31) in steps
