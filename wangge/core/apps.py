from django.apps import AppConfig
from django.contrib.staticfiles import apps as staticfiles_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wangge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the system check core.W001 (next year's holidays missing).
        # Registers the `among` lookup (`IN (subquery)` an index answers in an OR).
        from wangge.core import lookups  # noqa: F401
        from wangge.core.calendar import checks  # noqa: F401


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
