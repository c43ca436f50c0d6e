"""collectstatic copies what pages load, not the vendor packages' other builds."""

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
