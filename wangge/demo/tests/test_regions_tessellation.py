"""Splitting a region into children that tile it, without the database."""

import numpy as np
import pytest
import shapely

from wangge.demo.regions import sources, tessellation
from wangge.demo.regions.tree import allocate, community_count

# A concave parent (an L shape with a notch) makes Voronoi cells fall apart when clipped.
L_SHAPE = shapely.Polygon(
    [
        (113.0, 34.0),
        (113.4, 34.0),
        (113.4, 34.1),
        (113.1, 34.1),
        (113.1, 34.3),
        (113.25, 34.3),
        (113.25, 34.32),
        (113.0, 34.32),
        (113.0, 34.0),
    ]
)


def assert_tiles(children, parent):
    array = np.asarray(children)
    assert shapely.is_valid(array).all()
    assert (shapely.area(array) > 0).all()
    union = shapely.union_all(array)
    assert (
        abs(shapely.area(array).sum() - union.area) < 1e-9 * parent.area
    )  # no overlap
    assert abs(union.area - parent.area) < 1e-9 * parent.area  # no gap
    assert parent.buffer(1e-9).covers(union)


def test_sampled_points_lie_inside_the_polygon_and_on_the_6_decimal_grid():
    points = tessellation.sample_points(L_SHAPE, 500, np.random.default_rng(1))
    assert len(points) == 500
    assert shapely.contains_xy(L_SHAPE, points[:, 0], points[:, 1]).all()
    assert np.array_equal(points, np.round(points, 6))


def test_sampled_points_spread_over_the_whole_polygon():
    points = tessellation.sample_points(L_SHAPE, 4000, np.random.default_rng(2))
    in_foot = (points[:, 1] < 34.1).mean()
    # The foot of the L holds 0.04 of its 0.0625 square degrees.
    assert 0.6 < in_foot < 0.68


@pytest.mark.parametrize("n", [2, 7, 60])
def test_children_tile_a_concave_parent(n):
    children = tessellation.partition(L_SHAPE, n, np.random.default_rng(n))
    assert len(children) == n
    assert_tiles(children, L_SHAPE)


def test_children_tile_a_real_district():
    jinshui = next(d for d in sources.districts() if d.code == "410105")
    children = tessellation.partition(jinshui.boundary, 17, np.random.default_rng(3))
    assert_tiles(children, jinshui.boundary)


def test_one_child_is_the_parent_itself():
    assert tessellation.partition(L_SHAPE, 1, np.random.default_rng(0)) == [L_SHAPE]


def test_same_generator_state_gives_the_same_children():
    first = tessellation.partition(L_SHAPE, 25, np.random.default_rng(11))
    again = tessellation.partition(L_SHAPE, 25, np.random.default_rng(11))
    other = tessellation.partition(L_SHAPE, 25, np.random.default_rng(12))
    assert [c.wkb for c in first] == [c.wkb for c in again]
    assert [c.wkb for c in first] != [c.wkb for c in other]


def test_inner_vertices_are_rounded_and_border_vertices_stay_on_the_border():
    children = tessellation.partition(L_SHAPE, 40, np.random.default_rng(5))
    coords = shapely.get_coordinates(np.asarray(children))
    on_border = shapely.distance(L_SHAPE.boundary, shapely.points(coords)) < 1e-12
    inner = (
        shapely.distance(L_SHAPE.boundary, shapely.points(coords))
        > tessellation.KEEP_EXACT_WITHIN
    )
    assert on_border.any() and inner.any()
    assert np.array_equal(coords[inner], np.round(coords[inner], 6))


def test_rounding_keeps_a_shared_border_shared():
    square = shapely.box(0, 0, 1, 1)
    # Two halves meeting along a line with long decimals.
    left = shapely.Polygon([(0, 0), (0.5000001234, 0), (0.4999998765, 1), (0, 1)])
    right = shapely.Polygon([(0.5000001234, 0), (1, 0), (1, 1), (0.4999998765, 1)])
    halves = shapely.intersection(np.array([left, right]), square)
    inner = shapely.Polygon(
        [(0.2, 0.2), (0.3000004, 0.2), (0.3000004, 0.3000004), (0.2, 0.3000004)]
    )
    rounded = tessellation.round_inside(np.array([halves[0], halves[1], inner]), square)
    assert shapely.coverage_is_valid(rounded[:2])
    assert shapely.get_coordinates(rounded[2]).max() == 0.3


def test_small_detached_pieces_go_to_the_neighbour_they_border_most():
    # Child 0 owns a big square and a sliver far away that touches child 1 only.
    big = shapely.box(0, 0, 1, 1)
    sliver = shapely.box(2, 0, 2.001, 1)
    neighbour = shapely.box(1, 0, 2, 1)
    children = np.array([shapely.MultiPolygon([big, sliver]), neighbour], dtype=object)
    merged = tessellation.merge_splinters(children, parent_area=2.001)
    assert merged[0].equals(big)
    assert merged[1].equals(shapely.box(1, 0, 2.001, 1))


def test_children_come_in_reading_order_north_first():
    children = tessellation.partition(
        shapely.box(0, 0, 1, 1), 16, np.random.default_rng(8)
    )
    lats = [c.representative_point().y for c in children]
    assert lats[0] > lats[-1]


def test_allocate_keeps_the_total_and_follows_the_weights():
    shares = allocate(100, [1, 1, 2, 6])
    assert sum(shares) == 100
    assert shares == [10, 10, 20, 60]


def test_allocate_respects_minimum_and_maximum():
    shares = allocate(30, [0.0, 1.0, 100.0], minimum=2, maximum=20)
    assert sum(shares) == 30 and min(shares) >= 2 and max(shares) <= 20
    with pytest.raises(ValueError):
        allocate(5, [1, 1, 1], minimum=2)


def test_default_density_has_740_communities_and_small_runs_one_per_township():
    assert community_count(4300, 180) == 740
    assert community_count(100_000, 180) == 740
    assert community_count(300, 180) == 180


def test_a_child_of_small_pieces_only_keeps_its_largest_piece():
    pieces = shapely.MultiPolygon(
        [shapely.box(0, 0, 0.01, 1), shapely.box(2, 0, 2.001, 1)]
    )
    children = np.array([pieces, shapely.box(0.01, 0, 2, 1)], dtype=object)
    merged = tessellation.merge_splinters(children, parent_area=100.0)
    assert merged[0].equals(shapely.box(0, 0, 0.01, 1))


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ([shapely.box(0, 0, 1, 2), shapely.box(1, 0, 2, 2)], True),
        ([shapely.box(0, 0, 1.1, 2), shapely.box(1, 0, 2, 2)], False),  # overlap
        ([shapely.box(0, 0, 0.9, 2), shapely.box(1, 0, 2, 2)], False),  # gap
        ([shapely.box(0, 0, 2, 2)], False),  # one child where two were asked
    ],
)
def test_tiling_check_refuses_overlaps_gaps_and_missing_children(children, expected):
    parent = shapely.box(0, 0, 2, 2)
    assert tessellation.tiles(np.array(children, dtype=object), parent, 2) is expected
