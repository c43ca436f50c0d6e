"""`manage.py import_regions FILE [--format …] [--mode …] [--dry-run]`: load the region tree."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from wangge.regions.transfer import Format, Mode, regions_import


class Command(BaseCommand):
    help = (
        "Import regions from a GeoJSON FeatureCollection or a CSV file, all or nothing. "
        "GeoJSON: each feature's properties are code, name, level, parent (a code, null for "
        "the city) and optionally kind (cells); its geometry is the boundary, a Polygon or "
        "MultiPolygon in WGS-84. CSV (UTF-8): columns code,name,level,parent,kind,boundary, "
        "where boundary is the GeoJSON geometry as JSON text (not WKT). Every problem is "
        "printed as 'code: reason' and the command exits 1 without writing anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to import, or - for standard input")
        parser.add_argument(
            "--format",
            choices=Format.values,
            help="file format (default: from the file name's extension, else geojson)",
        )
        parser.add_argument(
            "--mode",
            choices=Mode.values,
            default=Mode.CREATE,
            help="create: codes already in the database are errors (default); "
            "upsert: their name, kind and boundary are updated",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, write nothing"
        )

    def handle(self, *args, file, format, mode, dry_run, **options):
        source = sys.stdin.buffer if file == "-" else Path(file)
        if file != "-" and not source.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        with ProgressBars() as progress:
            report = regions_import(
                source,
                fmt=format or format_of(file),
                mode=mode,
                progress=progress,
                dry_run=dry_run,
            )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            count = len(report.problems)
            raise CommandError(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    count,
                )
                % {"count": count},
                returncode=1,
            )
        self.stdout.write(report.summary)


def format_of(file: str) -> str:
    """The format a file name's extension names: .csv is CSV, anything else GeoJSON."""
    return Format.CSV if file.lower().endswith(".csv") else Format.GEOJSON


class ProgressBars:
    """A tqdm bar on stderr for each step the import reports (hidden when stderr is not a terminal)."""

    def __init__(self):
        self.bar = None
        self.step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.bar is None or self.step != step:
            self.close()
            self.step = step
            self.bar = tqdm(
                total=total, desc=step, unit=_("regions"), file=sys.stderr, disable=None
            )
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
