"""Boundary geometry checks: pure Shapely, no database."""

import numpy as np
import pytest
import shapely
from django.utils import translation

from wangge.regions.tests.transfer_files import box
from wangge.regions.transfer import geometry


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def shapes(*geojson):
    return np.array([shapely.geometry.shape(g) for g in geojson], dtype=object)


BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


def test_polygons_and_multipolygons_are_boundaries():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [box(0, 0, 1)["coordinates"], box(2, 0, 1)["coordinates"]],
    }
    for g in (box(113, 34, 1), multi):
        shape, reason = geometry.shape_from_geojson(g)
        assert reason is None and shape.area > 0


@pytest.mark.parametrize(
    ("geojson", "reason"),
    [
        (
            {"type": "Point", "coordinates": [113, 34]},
            "the boundary must be a Polygon or MultiPolygon, not Point",
        ),
        (
            {"type": "Polygon", "coordinates": [[[113, 34], [114, 34]]]},
            "the boundary's coordinates are malformed",
        ),
        (
            {"type": "Polygon", "coordinates": "113 34"},
            "the boundary's coordinates are malformed",
        ),
        ({"type": "Polygon", "coordinates": []}, "the boundary is empty"),
        (
            box(3400000, 1300000, 100),
            "the boundary's coordinates are not WGS-84 longitude and latitude",
        ),
    ],
)
def test_unusable_boundaries_say_why(geojson, reason):
    assert geometry.shape_from_geojson(geojson) == (None, reason)


def test_self_intersection_is_reported_with_its_place():
    reasons = geometry.invalid_reasons(shapes(box(0, 0, 1), BOWTIE))
    assert list(reasons) == [1]
    assert reasons[1].startswith("Self-intersection[0.5 0.5]")


def test_a_child_sticking_out_of_its_parent_reports_the_share_outside():
    parent = box(0, 0, 1)
    children = shapes(box(0, 0, 0.5), box(0.75, 0, 0.5), box(-1e-5, 0, 0.5))
    shares = geometry.outside_shares(children, shapes(parent, parent, parent))
    # inside; half outside; a sliver of 1e-5 × 0.5 = 0.002 % of the child, within tolerance
    assert shares.tolist() == [0.0, pytest.approx(0.5), 0.0]


def test_siblings_that_touch_are_fine_and_overlapping_ones_are_paired():
    layout = shapes(
        box(0, 0, 1), box(1, 0, 1), box(1.5, 0, 1), box(0, 1, 1), box(0.5, 0.5, 1)
    )
    groups = np.array([7, 7, 7, 8, 9])
    # 0|1 touch; 1 and 2 overlap; 3 and 4 overlap 0 and each other but are no siblings
    assert geometry.overlapping_pairs(layout, groups) == [(1, 2)]


def test_containment_counts_as_overlap_between_siblings():
    layout = shapes(box(0, 0, 1), box(0.25, 0.25, 0.5))
    assert geometry.overlapping_pairs(layout, np.array([1, 1])) == [(0, 1)]


def test_a_sliver_of_overlap_is_tolerated():
    layout = shapes(box(0, 0, 1), box(1 - 1e-6, 0, 1))
    assert geometry.overlapping_pairs(layout, np.array([1, 1])) == []


def test_representative_points_lie_inside_concave_shapes():
    u_shape = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]
        ],
    }
    [point] = geometry.representative_points(shapes(u_shape)).tolist()
    assert shapely.geometry.shape(u_shape).contains(shapely.Point(point))


def test_a_polygon_stays_a_polygon_and_a_multipolygon_a_multipolygon():
    multi = {"type": "MultiPolygon", "coordinates": [box(0, 0, 1)["coordinates"]]}
    built, reasons = geometry.shapes_from_geojson([box(0, 0, 1), multi])
    assert reasons == {}
    assert [shape.geom_type for shape in built] == ["Polygon", "MultiPolygon"]


def test_holes_and_third_coordinates_are_read():
    with_hole = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0, 5], [4, 0, 5], [4, 4, 5], [0, 4, 5], [0, 0, 5]],
            [[1, 1, 5], [2, 1, 5], [2, 2, 5], [1, 2, 5], [1, 1, 5]],
        ],
    }
    [shape], reasons = geometry.shapes_from_geojson([with_hole])
    assert reasons == {} and shape.area == 15 and not shape.has_z


def test_one_malformed_boundary_does_not_spoil_the_others():
    bad_position = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [1, "x"], [1, 1], [0, 0]]],
    }
    unclosed = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
    built, reasons = geometry.shapes_from_geojson(
        [box(0, 0, 1), bad_position, unclosed, box(5, 5, 1)]
    )
    assert reasons == {
        1: "the boundary's coordinates are malformed",
        2: "a ring of the boundary is not closed",
    }
    assert [shape.bounds if shape is not None else None for shape in built] == [
        (0, 0, 1, 1),
        None,
        None,
        (5, 5, 6, 6),
    ]
