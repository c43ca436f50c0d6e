from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.core import backup


class Command(BaseCommand):
    help = _(
        "Write a consistent copy of the database and the media files into a new "
        "folder (SQLite online backup, or pg_dump of one snapshot), with a manifest of "
        "row counts and checksums; --restore puts a backup back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help=_(
                "Folder that receives the new backup folder (default: var/backups)."
            ),
        )
        parser.add_argument(
            "--restore",
            type=Path,
            metavar="FOLDER",
            help=_(
                "Replace the database and the media with this backup (the server and "
                "the worker must be stopped)."
            ),
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Confirm a restore, which overwrites the current data."),
        )

    def handle(self, *args, to, restore, yes, **options):
        try:
            if restore:
                if not yes:
                    raise CommandError(
                        _("A restore overwrites the current data: add --yes.")
                    )
                taken = backup.restore(restore)
                differences = backup.compare(taken)
                if differences:
                    raise CommandError(
                        _("Restored, but row counts differ: %(tables)s")
                        % {"tables": ", ".join(sorted(differences))}
                    )
                self.stdout.write(
                    _("Restored %(folder)s (taken at %(taken_at)s).")
                    % {"folder": taken.folder, "taken_at": taken.manifest["taken_at"]}
                )
                return
            taken = backup.backup(to)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backup written to %(folder)s: %(tables)d tables, %(rows)d rows.")
            % {
                "folder": taken.folder,
                "tables": len(taken.tables),
                "rows": sum(taken.tables.values()),
            }
        )
