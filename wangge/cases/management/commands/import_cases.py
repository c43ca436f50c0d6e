from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from wangge.cases.models import ImportState
from wangge.cases.services.imports import case_import_run, case_import_start
from wangge.people.models import User


class Command(BaseCommand):
    help = (
        "Import historical cases from a CSV or Excel file (see the README); "
        "--dry-run checks every row and writes none. Prints the rejected rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--user",
            help="import as this account, within its jurisdiction (default: the whole city)",
        )

    def handle(self, *args, file, dry_run=False, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No such account: %(user)s") % {"user": user})
        try:
            run = case_import_start(
                actor=actor,
                file_name=path.name,
                content=path.read_bytes(),
                dry_run=dry_run,
                queue=False,
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(
                " ".join(getattr(error, "messages", [str(error)]))
            ) from None
        with tqdm(total=100, unit="%", disable=options["verbosity"] == 0) as bar:

            def progress(done, total):
                bar.update(100 * done // max(total, 1) - bar.n)

            run = case_import_run(run, progress=progress)
            bar.update(100 - bar.n)
        if run.state == ImportState.FAILED:
            raise CommandError(run.error)
        for entry in run.report:
            self.stdout.write(f"{entry['row']}\t{entry['field']}\t{entry['message']}")
        self.stdout.write(
            _(
                "%(total)d rows: %(accepted)d accepted, %(rejected)d rejected, "
                "%(skipped)d already imported%(dry)s."
            )
            % {
                "total": run.total_rows,
                "accepted": run.accepted_rows,
                "rejected": run.rejected_rows,
                "skipped": run.skipped_rows,
                "dry": _(" (dry run: nothing written)") if dry_run else "",
            }
        )
