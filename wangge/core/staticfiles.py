"""The staticfiles app as this project configures it (its own module: a second AppConfig in
core/apps.py would stop Django from picking CoreConfig)."""

from django.contrib.staticfiles import apps as staticfiles_apps


class StaticFilesConfig(staticfiles_apps.StaticFilesConfig):
    """collectstatic without the vendor packages' files that no page loads.

    The `dist` folders of node_modules hold source maps, module builds and unminified
    copies (79 MB, most of it echarts); compressing them took most of `make run`'s
    collectstatic. Pages load only the minified browser builds, which stay.
    """

    ignore_patterns = [
        *staticfiles_apps.StaticFilesConfig.ignore_patterns,
        "*.map",
        "*.esm.*",
        "*.mjs",
        "*.cjs.js",
        "*.amd.js",
        "*.d.ts",
        "*-src.*",
        "*.gz",
        "extension",
        "ext",
        "echarts.js",
        "echarts.common.js",
        "echarts.simple.js",
        "htmx.js",
    ]
