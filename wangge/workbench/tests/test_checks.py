"""System check workbench.W001: a map tile URL, when set, must be http(s)."""

from wangge.workbench.checks import check_map_tile_url


def test_no_tile_url_is_fine(settings):
    settings.WANGGE_MAP_TILE_URL = ""
    assert check_map_tile_url() == []


def test_an_https_tile_url_is_fine(settings):
    settings.WANGGE_MAP_TILE_URL = "https://tiles.zz.gov.cn/{z}/{x}/{y}.png"
    assert check_map_tile_url() == []


def test_a_tile_url_that_is_not_http_warns(settings):
    settings.WANGGE_MAP_TILE_URL = "/srv/tiles/{z}/{x}/{y}.png"
    [warning] = check_map_tile_url()
    assert warning.id == "workbench.W001"
    assert "WANGGE_MAP_TILE_URL" in warning.msg
