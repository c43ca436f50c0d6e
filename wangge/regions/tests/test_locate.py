"""Locating points in grid cells: the pure index, and the per-process index over the database."""

import json

import numpy as np
import pytest
import shapely

from wangge.regions import crs, locate
from wangge.regions.levels import ORDER, Level
from wangge.regions.services import boundaries_changed
from wangge.regions.tests.factories import square

OUTSIDE = (112.0, 30.0)


def cells_of(tree):
    return {code: r for code, r in tree.items() if r.level == Level.CELL}


# --- the pure index, without the database ---------------------------------------------


def test_index_answers_the_lowest_code_wherever_cells_overlap_in_any_build_order():
    codes = ["3", "1", "2"]
    geometries = [
        shapely.box(0, 0, 2, 2),
        shapely.box(1, 0, 3, 2),
        shapely.box(2, 0, 4, 2),
    ]
    forward = locate.CellIndex(codes, geometries)
    backward = locate.CellIndex(codes[::-1], geometries[::-1])
    for index in (forward, backward):
        assert index.code_at(1.5, 1) == "1"  # in "3" and "1"
        assert index.code_at(2.0, 1) == "1"  # on the edges of all three
        assert index.code_at(0.5, 1) == "3"
        assert index.code_at(3.5, 1) == "2"


def test_index_gives_no_cell_outside_every_cell_or_for_non_numbers():
    index = locate.CellIndex(["1"], [shapely.box(0, 0, 1, 1)])
    assert index.code_at(1.5, 0.5) is None
    assert index.code_at(float("nan"), 0.5) is None
    assert index.codes_at([1.5, float("nan"), 0.5], [0.5, 0.5, 0.5]) == [
        None,
        None,
        "1",
    ]


def test_bulk_lookup_agrees_with_single_lookups():
    rng = np.random.default_rng(7)
    seeds = shapely.points(rng.uniform(0, 10, 200), rng.uniform(0, 10, 200))
    cells = shapely.get_parts(
        shapely.voronoi_polygons(
            shapely.multipoints(seeds), extend_to=shapely.box(0, 0, 10, 10)
        )
    )
    cells = shapely.intersection(cells, shapely.box(0, 0, 10, 10))
    index = locate.CellIndex([f"{i:04d}" for i in range(len(cells))], cells)
    lons, lats = rng.uniform(-1, 11, 2000), rng.uniform(-1, 11, 2000)
    bulk = index.codes_at(lons, lats)
    assert bulk == [index.code_at(x, y) for x, y in zip(lons, lats, strict=True)]
    assert None in bulk  # some points fall outside the box
    assert sum(code is not None for code in bulk) > 1200  # about 100/144 of them


def test_index_refuses_duplicate_codes():
    with pytest.raises(ValueError, match="unique"):
        locate.CellIndex(["1", "1"], [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)])


def test_index_from_geojson_leaves_out_unreadable_boundaries():
    texts = [json.dumps(square(0, 0, 1)), "{not json", json.dumps(square(1, 0, 1))]
    index = locate.CellIndex.from_geojson(["a", "b", "c"], texts)
    assert index.codes == ["a", "c"]
    assert index.code_at(1.5, 0.5) == "c"


# --- the process index over the database ----------------------------------------------


def test_every_cell_centre_locates_its_own_cell(tree):
    for code, cell in cells_of(tree).items():
        assert locate.locate_cell_code(*cell.centroid) == code


def test_a_point_outside_every_cell_gets_no_cell(tree):
    assert locate.locate_cell_code(*OUTSIDE) is None
    with pytest.raises(locate.OutsideGrid) as caught:
        locate.locate(*OUTSIDE)
    assert "112.0" in caught.value.message


def test_a_point_where_four_cells_meet_always_resolves_to_the_lowest_code(tree):
    corner = (113.4, 34.4)
    touching = sorted(
        code
        for code, cell in cells_of(tree).items()
        if shapely.intersects(
            shapely.from_geojson(json.dumps(cell.boundary)), shapely.Point(corner)
        )
    )
    assert len(touching) == 4
    answers = set()
    for _ in range(3):
        locate.reset_index()
        answers.add(locate.locate_cell_code(*corner))
    assert answers == {touching[0]}


def test_locate_returns_the_path_from_the_city_to_the_cell(tree):
    cell = next(iter(cells_of(tree).values()))
    regions = locate.locate(*cell.centroid)
    assert [r.level for r in regions] == list(ORDER)
    assert regions[0].code == "410100"
    assert regions[-1] == cell
    assert [r.code for r in regions] == cell.ancestor_codes


def test_locate_path_gives_level_code_and_name(tree):
    cell = next(iter(cells_of(tree).values()))
    path = locate.locate_path(*cell.centroid)
    assert path[0] == {"level": "city", "code": "410100", "name": "郑州市"}
    assert path[-1] == {"level": "cell", "code": cell.code, "name": cell.name}


@pytest.mark.parametrize("system", ["gcj02", "bd09"])
def test_phone_coordinates_are_converted_before_locating(tree, system):
    cell = next(iter(cells_of(tree).values()))
    forward = crs.wgs84_to_gcj02 if system == "gcj02" else crs.wgs84_to_bd09
    shifted = forward(*cell.centroid)
    assert locate.locate_cell_code(*shifted, crs=system) == cell.code


def test_unknown_crs_is_refused(tree):
    with pytest.raises(crs.UnknownCRS):
        locate.locate_cell_code(113.1, 34.1, crs="epsg:3857")


def test_bulk_locate_matches_single_locate(tree):
    lons = [113.05, 113.5, 114.59, 112.0, 113.4]
    lats = [34.05, 35.5, 35.59, 34.0, 34.4]
    assert locate.locate_cell_codes(lons, lats) == [
        locate.locate_cell_code(x, y) for x, y in zip(lons, lats, strict=True)
    ]


def test_index_is_rebuilt_after_boundaries_changed(tree):
    # Given the bottom-left cell and a point just west of the whole grid
    cell = min(cells_of(tree).values(), key=lambda r: (r.centroid_lon, r.centroid_lat))
    west = (112.9, cell.centroid_lat)
    assert locate.locate_cell_code(*west) is None
    # When the cell's boundary moves west and the change is recorded
    cell.boundary = square(112.8, 34.0, 0.6)
    cell.save()
    boundaries_changed()
    # Then the next lookup sees the new boundary
    assert locate.locate_cell_code(*west) == cell.code


def test_lookups_between_rechecks_touch_no_database(
    tree, settings, django_assert_num_queries
):
    settings.WANGGE_LOCATE_RECHECK_SECONDS = 3600
    cell = next(iter(cells_of(tree).values()))
    locate.locate_cell_code(*cell.centroid)
    with django_assert_num_queries(0):
        for _ in range(10):
            assert locate.locate_cell_code(*cell.centroid) == cell.code


def test_changes_show_only_at_the_next_recheck(tree, settings, monkeypatch):
    settings.WANGGE_LOCATE_RECHECK_SECONDS = 60
    cell = min(cells_of(tree).values(), key=lambda r: (r.centroid_lon, r.centroid_lat))
    west = (112.9, cell.centroid_lat)
    assert locate.locate_cell_code(*west) is None
    cell.boundary = square(112.8, 34.0, 0.6)
    cell.save()
    boundaries_changed()
    assert locate.locate_cell_code(*west) is None
    later = locate.monotonic() + 61
    monkeypatch.setattr(locate, "monotonic", lambda: later)
    assert locate.locate_cell_code(*west) == cell.code


def test_without_any_cell_every_point_is_outside(db):
    assert locate.locate_cell_code(113.5, 34.5) is None
    assert locate.locate_cell_codes([113.5], [34.5]) == [None]
