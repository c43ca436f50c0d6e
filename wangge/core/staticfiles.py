"""The staticfiles app as this project configures it (its own module: a second AppConfig in
core/apps.py would stop Django from picking CoreConfig), and the finder of the web font."""

import os
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import apps as staticfiles_apps
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning
from django.core.files.storage import FileSystemStorage


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


class WebFontFinder(BaseFinder):
    """Noto Sans SC, the CJK web font, from its npm package: only the files pages load.

    The package holds nine weights, each cut into ~100 unicode-range subsets in woff2 and
    woff (1,836 files, 76 MB). Pages use the regular and bold weights, and every browser
    they support reads woff2, so the stylesheets' woff fallbacks are never fetched: this
    finder offers `400.css`, `700.css` and their woff2 subsets (~200 files, 7 MB) under
    `vendor/noto-sans-sc/`, to collectstatic and to the development server alike. A page
    downloads only the subsets holding the characters it shows.
    """

    prefix = "vendor/noto-sans-sc"
    weights = ("400", "700")
    _subset = re.compile(r"noto-sans-sc-[a-z0-9-]+-(400|700)-normal\.woff2")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = (
            Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "noto-sans-sc"
        )
        self.storage = FileSystemStorage(location=self.location)
        self.storage.prefix = self.prefix

    def check(self, **kwargs):
        if self.location.is_dir():
            return []
        return [
            Warning(
                f"The web font package is missing at {self.location}.",
                hint="Run `make setup` (npm ci) to install it.",
                id="core.W002",
            )
        ]

    def served(self, name: str) -> bool:
        """Whether `name` (a path inside the package) is a file pages load."""
        if name in {f"{weight}.css" for weight in self.weights}:
            return True
        folder, _, file = name.rpartition("/")
        return folder == "files" and self._subset.fullmatch(file) is not None

    def list(self, ignore_patterns):
        if not self.location.is_dir():
            return
        for weight in self.weights:
            yield f"{weight}.css", self.storage
        for file in sorted(os.listdir(self.location / "files")):
            if self.served(f"files/{file}"):
                yield f"files/{file}", self.storage

    def find(self, path, find_all=False, **kwargs):
        name = path.removeprefix(f"{self.prefix}/")
        if name == path or not self.served(name) or not self.storage.exists(name):
            return []
        found = str(self.location / name)
        return [found] if find_all else found
