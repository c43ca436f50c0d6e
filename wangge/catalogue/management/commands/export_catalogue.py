"""`manage.py export_catalogue [--format xlsx|csv|json] [-o FILE]`: every category, active or not."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.catalogue.formats import FORMATS, CatalogueFileError, format_for
from wangge.catalogue.selectors import catalogue_export


class Command(BaseCommand):
    help = (
        "Export the catalogue as xlsx, CSV or JSON (to a file, or to standard output)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="File format (default: from the output file's extension, else json)",
        )
        parser.add_argument(
            "-o", "--output", help="Write to this file instead of stdout"
        )

    def handle(self, *args, **options):
        output = options["output"]
        try:
            fmt = options["format"] or (format_for(output) if output else "json")
        except CatalogueFileError as error:
            raise CommandError(str(error)) from error
        if fmt == "xlsx" and not output:
            raise CommandError(_("An xlsx file is binary: write it with -o FILE."))
        data = catalogue_export(fmt)
        if output:
            Path(output).write_bytes(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
