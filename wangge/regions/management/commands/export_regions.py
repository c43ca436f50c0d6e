"""`manage.py export_regions [--root CODE] [--format …] [-o FILE]`: write the region tree out."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wangge.regions.management.commands.import_regions import format_of
from wangge.regions.models import Region
from wangge.regions.transfer import Format, regions_export


class Command(BaseCommand):
    help = (
        "Export the region tree (or the subtree under --root) as a GeoJSON FeatureCollection "
        "or as CSV (columns code,name,level,parent,kind,boundary; boundary is the GeoJSON "
        "geometry as JSON text), in the form import_regions reads back. Rows are streamed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--root", metavar="CODE", help="export only this region and its subtree"
        )
        parser.add_argument(
            "--format",
            choices=Format.values,
            help="file format (default: from the output file's extension, else geojson)",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write here instead of standard output",
        )

    def handle(self, *args, root, format, output, **options):
        region = None
        if root is not None:
            region = Region.objects.filter(code=root).first()
            if region is None:
                raise CommandError(
                    _("No region has the code %(code)s.") % {"code": root}
                )
        fmt = format or (format_of(output) if output else Format.GEOJSON)
        if output is None:
            count = regions_export(_Unwrapped(self.stdout), fmt=fmt, root=region)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = regions_export(out, fmt=fmt, root=region)
        self.stderr.write(
            ngettext("%(count)d region exported.", "%(count)d regions exported.", count)
            % {"count": count}
        )


class _Unwrapped:
    """Writes to a command's stdout without the newline OutputWrapper adds to each write."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
