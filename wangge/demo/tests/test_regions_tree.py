"""The demo tree in memory: real districts and townships, generated communities and cells."""

from collections import Counter

import numpy as np
import pytest
import shapely

from wangge.demo.regions import sources, tree
from wangge.regions.levels import Level, code_matches_parent
from wangge.regions.models import Region

CELLS = 300
SEED = 7


@pytest.fixture(scope="module")
def city():
    return tree.generate(SEED, CELLS)


def fingerprint(root: tree.DemoRegion) -> list[tuple]:
    return [(r.code, r.name, r.level, r.kind, r.boundary.wkb) for r in root.walk()]


def test_levels_have_the_real_and_the_requested_numbers_of_regions(city):
    counts = Counter(r.level for r in city.walk())
    assert counts == {
        Level.CITY: 1,
        Level.DISTRICT: 12,
        Level.TOWNSHIP: 180,
        Level.COMMUNITY: 180,
        Level.CELL: CELLS,
    }


def test_townships_keep_their_official_codes_and_names(city):
    generated = {(r.code, r.name) for r in city.walk() if r.level == Level.TOWNSHIP}
    assert generated == {(t.code, t.name) for t in sources.townships()}


def test_same_seed_gives_the_same_tree_and_another_seed_another(city):
    assert fingerprint(tree.generate(SEED, CELLS)) == fingerprint(city)
    other = tree.generate(SEED + 1, CELLS)
    assert [r.code for r in other.walk()] == [r.code for r in city.walk()]
    assert fingerprint(other) != fingerprint(city)


def test_every_code_extends_its_parents_code(city):
    for parent in city.walk():
        for child in parent.children:
            assert code_matches_parent(child.code, child.level, parent.code), child.code


def test_children_tile_their_parent_at_every_level(city):
    for parent in city.walk():
        if not parent.children:
            continue
        children = np.asarray([c.boundary for c in parent.children])
        area = parent.boundary.area
        assert abs(shapely.area(children).sum() - area) < 1e-9 * area, parent.code
        assert abs(shapely.union_all(children).area - area) < 1e-9 * area, parent.code


def test_every_generated_boundary_is_a_valid_polygon_with_area(city):
    boundaries = np.asarray([r.boundary for r in city.walk()])
    assert shapely.is_valid(boundaries).all()
    assert (shapely.area(boundaries) > 0).all()
    assert set(shapely.get_type_id(boundaries)) <= {3, 6}  # Polygon, MultiPolygon


def test_communities_are_named_by_the_kind_of_township(city):
    for township in (r for r in city.walk() if r.level == Level.TOWNSHIP):
        suffix = "社区" if township.name.endswith("街道") else "村"
        assert all(c.name.endswith(suffix) for c in township.children), township.name


def test_cells_have_a_kind_and_a_numbered_chinese_name(city):
    cells = [r for r in city.walk() if r.level == Level.CELL]
    assert {c.kind for c in cells} <= set(Region.CellKind.values)
    assert len({c.kind for c in cells}) == 4
    first = next(r for r in city.walk() if r.level == Level.COMMUNITY).children[0]
    assert first.name.startswith("第1网格（") and first.name.endswith("）")


def test_default_density_generates_740_communities_and_4300_cells():
    counts = tree.allocate(4300, [1.0] * tree.community_count(4300, 180), 1, 999)
    assert len(counts) == 740 and sum(counts) == 4300
