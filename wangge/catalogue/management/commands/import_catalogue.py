"""`manage.py import_catalogue FILE [--format xlsx|csv|json] [--dry-run]`: check, then upsert by code."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.catalogue.exceptions import CatalogueImportError
from wangge.catalogue.formats import FORMATS, CatalogueFileError, format_for
from wangge.catalogue.services import catalogue_check, catalogue_import


class Command(BaseCommand):
    help = (
        "Import catalogue categories from an xlsx, CSV or JSON file (all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="File format (default: from the extension)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the file; write nothing"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            fmt = options["format"] or format_for(path)
            data = path.read_bytes()
        except (CatalogueFileError, OSError) as error:
            raise CommandError(str(error)) from error
        try:
            if options["dry_run"]:
                records = catalogue_check(data, fmt)
                self.stdout.write(
                    _("%(count)s categories checked; nothing written.")
                    % {"count": len(records)}
                )
                return
            result = catalogue_import(data, fmt)
        except CatalogueImportError as error:
            for row_error in error.row_errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                _("%(count)s errors; nothing was imported.")
                % {"count": len(error.row_errors)}
            ) from error
        self.stdout.write(
            _("%(created)s categories created, %(updated)s updated.")
            % {"created": len(result.created), "updated": len(result.updated)}
        )
