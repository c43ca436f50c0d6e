"""`seed_demo` writes the Zhengzhou tree: real districts, tiled grids, and points land where they should."""

import io

import numpy as np
import pytest
import shapely
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from wangge.demo.regions import sources
from wangge.regions import locate
from wangge.regions.levels import Level, code_matches_parent
from wangge.regions.models import BoundaryRevision, Region

CELLS = 300
POINTS_PER_DISTRICT = 10_000


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded once for the module, rolled back afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            out = io.StringIO()
            with translation.override("en"):
                call_command("seed_demo", cells=CELLS, cases=0, seed=3, stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)
        locate.reset_index()


@pytest.fixture(scope="module")
def shapes(seeded, django_db_blocker):
    """Every stored region with its boundary as a shapely geometry, by code."""
    with django_db_blocker.unblock():
        regions = list(Region.objects.select_related("parent"))
    geometries = [shapely.geometry.shape(r.boundary) for r in regions]
    return {r.code: (r, g) for r, g in zip(regions, geometries, strict=True)}


def random_points_inside(polygon, n: int, rng: np.random.Generator) -> np.ndarray:
    minx, miny, maxx, maxy = polygon.bounds
    found = np.empty((0, 2))
    while len(found) < n:
        xs, ys = rng.uniform(minx, maxx, 4 * n), rng.uniform(miny, maxy, 4 * n)
        inside = shapely.contains_xy(polygon, xs, ys)
        found = np.concatenate([found, np.column_stack([xs[inside], ys[inside]])])
    return found[:n]


@pytest.mark.django_db
def test_every_point_inside_a_real_district_is_located_in_that_district(seeded):
    locate.reset_index()
    for district in sources.districts():
        rng = np.random.default_rng(int(district.code))
        points = random_points_inside(district.boundary, POINTS_PER_DISTRICT, rng)
        codes = locate.locate_cell_codes(points[:, 0], points[:, 1])
        wrong = [c for c in codes if c is None or not c.startswith(district.code)]
        assert wrong == [], (
            f"{district.name}: {len(wrong)} of {POINTS_PER_DISTRICT} points elsewhere"
        )


@pytest.mark.django_db
def test_tree_has_the_real_districts_and_townships_and_the_requested_cells(seeded):
    assert Region.objects.filter(level=Level.DISTRICT).count() == 12
    assert set(
        Region.objects.filter(level=Level.TOWNSHIP).values_list("code", "name")
    ) == {(t.code, t.name) for t in sources.townships()}
    assert Region.objects.get(code="410105001").name == "经八路街道"
    assert Region.objects.filter(level=Level.CELL).count() == CELLS


def test_seeding_reports_each_stage_with_its_time(seeded):
    assert "Writing regions" in seeded and "done in" in seeded
    assert f"{CELLS} grid cells" in seeded


def test_district_boundaries_are_the_real_ones(shapes):
    for district in sources.districts():
        assert shapes[district.code][1].equals(district.boundary), district.name


def test_children_tile_their_parent(shapes):
    children: dict[str, list] = {}
    for region, geometry in shapes.values():
        if region.parent_id:
            children.setdefault(region.parent.code, []).append(geometry)
    for code, parts in children.items():
        parent = shapes[code][1]
        areas = shapely.area(np.asarray(parts))
        union = shapely.union_all(parts)
        assert abs(areas.sum() - union.area) < 1e-9 * parent.area, (
            f"overlap under {code}"
        )
        assert abs(union.area - parent.area) < 1e-9 * parent.area, f"gap under {code}"


def test_every_boundary_is_valid(shapes):
    geometries = np.asarray([g for _r, g in shapes.values()])
    assert shapely.is_valid(geometries).all()
    assert set(shapely.get_type_id(geometries)) <= {3, 6}


def test_centroid_lies_inside_its_region(shapes):
    regions = [r for r, _g in shapes.values()]
    geometries = np.asarray([g for _r, g in shapes.values()])
    lons = [r.centroid_lon for r in regions]
    lats = [r.centroid_lat for r in regions]
    assert shapely.contains_xy(geometries, lons, lats).all()


def test_codes_extend_the_parent_code_and_paths_follow_them(shapes):
    for region, _geometry in shapes.values():
        parent_code = region.parent.code if region.parent_id else None
        assert code_matches_parent(region.code, region.level, parent_code), region.code
        expected = Region.build_path(
            region.code, region.parent.path if region.parent_id else ""
        )
        assert region.path == expected


def test_cells_carry_their_kind(shapes):
    kinds = {r.kind for r, _g in shapes.values() if r.level == Level.CELL}
    assert kinds and kinds <= set(Region.CellKind.values)


@pytest.mark.django_db
def test_seeding_marks_the_boundaries_changed(seeded):
    assert BoundaryRevision.objects.get(id=1).number >= 1


@pytest.mark.django_db
def test_seeding_a_database_with_regions_is_refused(seeded):
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="already has regions"),
    ):
        call_command("seed_demo", cells=CELLS, cases=0, stdout=io.StringIO())


@pytest.mark.django_db
def test_if_empty_skips_a_database_with_regions(seeded):
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed_demo", cells=CELLS, cases=0, if_empty=True, stdout=out)
    assert "not loaded" in out.getvalue()
    assert Region.objects.filter(level=Level.CELL).count() == CELLS


@pytest.mark.django_db
def test_too_few_cells_for_the_townships_is_refused():
    with pytest.raises(CommandError, match="--cells"):
        call_command("seed_demo", cells=10, cases=0, stdout=io.StringIO())
