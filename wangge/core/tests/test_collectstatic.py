"""collectstatic copies what pages load, not the vendor packages' other builds or fonts."""

import re

from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_collectstatic_keeps_the_browser_builds_and_leaves_out_maps_and_module_builds(
    settings, tmp_path
):
    settings.STATIC_ROOT = str(tmp_path)

    call_command("collectstatic", interactive=False, verbosity=0)

    vendor = tmp_path / "vendor"
    collected = {str(p.relative_to(vendor)) for p in vendor.rglob("*") if p.is_file()}
    assert {
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/images/marker-icon.png",
        "htmx/htmx.min.js",
        "echarts/echarts.min.js",
    } <= collected
    assert not [
        name
        for name in collected
        if name.endswith((".map", ".mjs", ".d.ts"))
        or ".esm." in name
        or "-src." in name
        or name in ("echarts/echarts.js", "htmx/htmx.js")
    ]
    assert (tmp_path / "workbench" / "js" / "cases.js").is_file()


def test_collectstatic_keeps_the_regular_and_bold_woff2_subsets_of_the_web_font_only(
    settings, tmp_path
):
    settings.STATIC_ROOT = str(tmp_path)

    call_command("collectstatic", interactive=False, verbosity=0)

    font = tmp_path / "vendor" / "noto-sans-sc"
    collected = {str(p.relative_to(font)) for p in font.rglob("*") if p.is_file()}
    assert {"400.css", "700.css"} <= collected
    subsets = {name for name in collected if name.startswith("files/")}
    assert subsets and all(name.endswith(".woff2") for name in subsets)
    assert {name.rsplit("-", 2)[-2] for name in subsets} == {"400", "700"}
    # Every woff2 subset the stylesheets name is there (the woff fallbacks are never fetched).
    for weight in ("400", "700"):
        named = re.findall(
            r"url\(\./(files/[^)]+\.woff2)\)", (font / f"{weight}.css").read_text()
        )
        assert len(named) > 50
        assert set(named) <= subsets


def test_the_development_server_finds_only_the_served_font_files():
    assert finders.find("vendor/noto-sans-sc/700.css")
    assert finders.find("vendor/noto-sans-sc/files/noto-sans-sc-4-700-normal.woff2")
    assert not finders.find("vendor/noto-sans-sc/files/noto-sans-sc-4-700-normal.woff")
    assert not finders.find("vendor/noto-sans-sc/files/noto-sans-sc-4-300-normal.woff2")
    assert not finders.find("vendor/noto-sans-sc/index.css")
