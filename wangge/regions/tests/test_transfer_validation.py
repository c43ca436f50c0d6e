"""Every validation rule refuses the file, names the offending feature and writes nothing."""

import pytest
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


def refused(*features, mode="create", fmt="geojson", within=None):
    """Import the features; assert that nothing was written; return {label: [(rule, message)]}."""
    before = Region.objects.count()
    upload = csv_file(*features) if fmt == "csv" else geojson_file(*features)
    report = regions_import(upload, fmt=fmt, mode=mode, within=within)
    assert not report.ok
    assert Region.objects.count() == before
    assert not BoundaryRevision.objects.filter(number__gt=0).exists()
    found = {}
    for problem in report.problems:
        found.setdefault(problem.label, []).append((problem.rule, problem.message))
    return found


def city_with(code, /, **changes):
    """The 420100 tree with one feature's properties or geometry changed."""
    features = city_420100()
    for f in features:
        if f["properties"]["code"] == code:
            f["geometry"] = changes.pop("geometry", f["geometry"])
            f["properties"].update(changes)
    return features


def test_the_sample_tree_itself_imports_cleanly(tree):
    assert regions_import(geojson_file(*city_420100())).created == 31


def test_missing_fields_name_the_feature_by_code_or_index(tree):
    features = city_420100()
    features[0]["properties"]["code"] = None
    features[1]["properties"]["name"] = " "
    found = refused(*features)
    assert found["features[0]"] == [("field", "missing or invalid code")]
    assert found[features[1]["properties"]["code"]] == [("field", "missing name")]


def test_unknown_level(tree):
    found = refused(*city_with("420102001001001", level="grid"))
    assert found["420102001001001"] == [
        (
            "level",
            "unknown level grid (expected one of: city, district, township, community, cell)",
        )
    ]


def test_unknown_parent_neither_in_file_nor_in_database(tree):
    orphan = feature("410104001", "township", "410104", box(113.1, 34.1, 0.1))
    assert refused(orphan) == {
        "410104001": [
            (
                "parent_unknown",
                "unknown parent 410104: neither in the file nor in the database",
            )
        ]
    }


def test_only_the_city_may_have_no_parent(tree):
    found = refused(*city_with("420102001", parent=None))
    assert found["420102001"] == [("parent_missing", "only the city has no parent")]


def test_duplicate_code_within_the_file(tree):
    features = city_420100()
    features.append(dict(features[0]))
    found = refused(*features)
    assert found == {
        features[0]["properties"]["code"]: [
            ("duplicate_in_file", "duplicate code: also at features[0]")
        ]
    }


def test_code_already_in_the_database_in_create_mode(tree):
    existing = feature("410102001001001", "cell", "410102001001", box(113, 34, 0.4))
    assert refused(existing) == {
        "410102001001001": [
            (
                "duplicate_in_database",
                "code already exists in the database (import with mode “upsert” to update it)",
            )
        ]
    }


def test_upsert_does_not_move_a_region_to_another_parent(tree):
    moved = feature("410102001001001", "cell", "410102001002", box(113, 34.4, 0.4))
    found = refused(moved, mode="upsert")
    assert (
        "moved",
        "already in the database as a Grid cell under 410102001001; "
        "an import does not move regions or change their level",
    ) in found["410102001001001"]


def test_code_not_extending_its_parents_code(tree):
    features = city_with("420102001001002", code="420109001001002")
    found = refused(*features)
    assert found == {
        "420109001001002": [
            (
                "code_prefix",
                "a Grid cell code has 15 digits and extends its parent's code 420102001001",
            )
        ]
    }


def test_code_of_the_wrong_length(tree):
    found = refused(*city_with("420100", code="4201"))
    assert (
        "code_prefix",
        "a City code has 6 digits and extends its parent's code -",
    ) in found["4201"]


def test_level_must_be_the_child_level_of_the_parents(tree):
    found = refused(*city_with("420102001", level="community"))
    assert found["420102001"] == [
        (
            "level_order",
            "a Community/village cannot lie under the District/county 420102",
        )
    ]


def test_self_intersecting_polygon(tree):
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[114, 30], [114.25, 30.25], [114.25, 30], [114, 30.25], [114, 30]]
        ],
    }
    [(rule, message)] = refused(*city_with("420102001001001", geometry=bowtie))[
        "420102001001001"
    ]
    assert rule == "geometry"
    assert message.startswith(
        "the boundary is not a valid polygon: Self-intersection[114.125 30.125]"
    )


def test_boundary_that_is_not_a_polygon(tree):
    point = {"type": "Point", "coordinates": [114.1, 30.1]}
    found = refused(*city_with("420102001001001", geometry=point))
    assert found["420102001001001"] == [
        ("geometry", "the boundary must be a Polygon or MultiPolygon, not Point")
    ]


def test_a_grid_cell_needs_a_boundary(tree):
    found = refused(*city_with("420102001001001", geometry=None))
    assert found["420102001001001"] == [("geometry", "a grid cell needs a boundary")]


def test_child_outside_its_parent(tree):
    # Cell 420102001001001 is the square (114, 30)-(114.25, 30.25); move it 0.1° west.
    found = refused(*city_with("420102001001001", geometry=box(113.9, 30, 0.25)))
    assert found["420102001001001"] == [
        ("outside_parent", "lies outside its parent 420102001001 (40.0% of its area)")
    ]


def test_a_child_sticking_out_by_a_sliver_is_accepted(tree):
    features = city_with("420102001001001", geometry=box(114 - 1e-5, 30, 0.25))
    assert regions_import(geojson_file(*features)).ok


def test_siblings_overlapping_each_other_in_the_file(tree):
    found = refused(*city_with("420102001001001", geometry=box(114, 30, 0.3, 0.25)))
    assert found == {
        "420102001001001": [
            ("sibling_overlap", "overlaps its sibling 420102001001002")
        ],
        "420102001001002": [
            ("sibling_overlap", "overlaps its sibling 420102001001001")
        ],
    }


def test_sibling_overlapping_a_region_already_in_the_database(tree):
    # Community 410102001001 is (113, 34)-(113.8, 34.4), tiled by two cells of 0.4°.
    newcomer = feature("410102001001003", "cell", "410102001001", box(113.2, 34, 0.4))
    assert refused(newcomer) == {
        "410102001001003": [
            (
                "sibling_overlap",
                "overlaps its sibling 410102001001001, already in the database",
            ),
            (
                "sibling_overlap",
                "overlaps its sibling 410102001001002, already in the database",
            ),
        ]
    }


def test_an_updated_boundary_must_keep_the_children_the_file_does_not_replace(tree):
    shrunk = feature(
        "410102001001", "community", "410102001", box(113, 34, 0.4), name="x"
    )
    found = refused(shrunk, mode="upsert")
    assert found["410102001001"] == [
        (
            "children_outside",
            "the new boundary leaves 410102001001002, already in the database, outside it",
        )
    ]


def test_features_outside_the_importers_area(tree):
    # An administrator of district 410102 may not add to district 410103.
    newcomer = feature("410103002003", "community", "410103002", box(113.8, 34.8, 0.1))
    found = refused(newcomer, within=("/410100/410102/",))
    assert ("outside_area", "lies outside the area you administer") in found[
        "410103002003"
    ]


def test_a_file_with_several_different_errors_reports_all_of_them(tree):
    features = city_420100()
    by_code = {f["properties"]["code"]: f for f in features}
    by_code["420102001001001"]["geometry"] = box(113.9, 30, 0.25)  # outside its parent
    by_code["420102001001002"]["properties"]["code"] = "420199001001002"  # wrong prefix
    by_code["420103001001001"]["properties"]["parent"] = (
        "420103009009"  # unknown parent
    )
    by_code["420103002"]["properties"]["level"] = "village"  # unknown level
    by_code["420103002002002"]["properties"]["code"] = None  # missing code
    index = features.index(by_code["420103002002002"])
    features.append(
        feature("420102001", "township", "420102", box(114, 30, 0.5))
    )  # duplicate

    for fmt, where in (("geojson", f"features[{index}]"), ("csv", f"line {index + 2}")):
        found = refused(*features, fmt=fmt)
        rules = {
            label: [rule for rule, _message in problems]
            for label, problems in found.items()
        }
        assert rules == {
            "420102001001001": ["outside_parent"],
            "420199001001002": ["code_prefix"],
            "420103001001001": ["parent_unknown"],
            "420103002": ["level"],
            where: ["field"],
            "420102001": ["duplicate_in_file"],
        }
