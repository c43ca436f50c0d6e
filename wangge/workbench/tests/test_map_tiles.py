"""The optional tile layer: URL checks and the policy source (pure, no database)."""

import pytest

from wangge.workbench.map_tiles import csp_source, is_web_url


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tiles.zz.gov.cn/{z}/{x}/{y}.png", "https://tiles.zz.gov.cn"),
        ("http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png", "http://10.1.2.3:8080"),
        ("https://{s}.tiles.example/{z}/{x}/{y}.png", "https://*.tiles.example"),
        ("", None),
        ("ftp://tiles.example/{z}/{x}/{y}.png", None),
        ("tiles.example/{z}/{x}/{y}.png", None),
        ("https:///no-host/{z}.png", None),
    ],
)
def test_csp_source_is_the_origin_of_an_http_tile_url(url, source):
    assert csp_source(url) == source
    assert is_web_url(url) is (source is not None)
