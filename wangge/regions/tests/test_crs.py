"""Coordinate conversions: pure, tested without the database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wangge.regions import crs

# Well inside mainland China, away from the edges of the GCJ-02 box.
china_lon = st.floats(min_value=74.0, max_value=134.0, allow_nan=False)
china_lat = st.floats(min_value=4.0, max_value=53.0, allow_nan=False)
world_lon = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)
world_lat = st.floats(min_value=-90.0, max_value=90.0, allow_nan=False)

# Zhengzhou's Erqi Tower in WGS-84, with the shifts the published algorithms give.
ERQI_WGS84 = (113.6653, 34.7530)


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    dx = (a[0] - b[0]) * 111_320 * math.cos(lat)
    dy = (a[1] - b[1]) * 110_540
    return math.hypot(dx, dy)


def test_wgs84_and_cgcs2000_pass_through_unchanged():
    assert crs.to_wgs84(113.5, 34.5, "wgs84") == (113.5, 34.5)
    assert crs.to_wgs84(113.5, 34.5, "cgcs2000") == (113.5, 34.5)
    assert crs.to_wgs84(113.5, 34.5) == (113.5, 34.5)


def test_forward_conversions_match_the_published_reference_values():
    # The example values that the widely copied coordTransform implementations print.
    assert crs.wgs84_to_gcj02(128.543, 37.065) == pytest.approx(
        (128.54820547949757, 37.065651049489816), abs=1e-12
    )
    assert crs.gcj02_to_bd09(128.543, 37.065) == pytest.approx(
        (128.54944656269413, 37.07113427883019), abs=1e-12
    )


def test_gcj02_shifts_zhengzhou_by_a_few_hundred_metres():
    gcj = crs.wgs84_to_gcj02(*ERQI_WGS84)
    assert 100 < metres_between(gcj, ERQI_WGS84) < 1000
    assert gcj[0] > ERQI_WGS84[0]  # in Zhengzhou the published offset pushes east


def test_bd09_differs_from_gcj02_by_baidus_extra_offset():
    gcj = crs.wgs84_to_gcj02(*ERQI_WGS84)
    bd = crs.wgs84_to_bd09(*ERQI_WGS84)
    assert 500 < metres_between(bd, gcj) < 1500


@given(china_lon, china_lat)
def test_gcj02_inverse_recovers_wgs84_within_a_centimetre(lon, lat):
    back = crs.to_wgs84(*crs.wgs84_to_gcj02(lon, lat), "gcj02")
    assert abs(back[0] - lon) < 2e-7
    assert abs(back[1] - lat) < 2e-7


@given(china_lon, china_lat)
def test_bd09_inverse_recovers_wgs84_within_a_centimetre(lon, lat):
    back = crs.to_wgs84(*crs.wgs84_to_bd09(lon, lat), "bd09")
    assert abs(back[0] - lon) < 2e-7
    assert abs(back[1] - lat) < 2e-7


@given(world_lon, world_lat)
def test_gcj02_leaves_points_outside_china_unchanged(lon, lat):
    if not crs.out_of_china(lon, lat):
        return
    assert crs.wgs84_to_gcj02(lon, lat) == (lon, lat)
    assert crs.to_wgs84(lon, lat, "gcj02") == (lon, lat)


def test_paris_in_gcj02_is_paris_in_wgs84():
    assert crs.to_wgs84(2.3522, 48.8566, "gcj02") == (2.3522, 48.8566)


@pytest.mark.parametrize("spelling", ["GCJ02", "gcj-02", " gcj_02 "])
def test_crs_names_ignore_case_dashes_and_spaces(spelling):
    assert crs.to_wgs84(113.7, 34.8, spelling) == crs.to_wgs84(113.7, 34.8, "gcj02")


@pytest.mark.parametrize("bad", ["epsg:3857", "mars", 4326])
def test_unknown_crs_raises_naming_the_parameter(bad):
    with pytest.raises(crs.UnknownCRS) as caught:
        crs.to_wgs84(113.7, 34.8, bad)
    assert caught.value.parameter == "crs"
    assert "crs" in str(caught.value)
    assert isinstance(caught.value, ValueError)
