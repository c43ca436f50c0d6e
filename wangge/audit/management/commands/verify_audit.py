from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wangge.audit.models import AuditEntry
from wangge.audit.services import first_broken_entry


class Command(BaseCommand):
    help = _(
        "Recompute the audit trail's hash chain from its first entry; exit 1 naming "
        "the first entry that was changed, removed or inserted."
    )

    def handle(self, *args, **options):
        broken = first_broken_entry()
        if broken is not None:
            entry_id, _why = broken
            raise CommandError(
                _(
                    "The audit trail was tampered with: entry #%(id)d does not fit "
                    "the chain."
                )
                % {"id": entry_id}
            )
        self.stdout.write(
            _("The audit trail is intact: %(count)d entries.")
            % {"count": AuditEntry.objects.count()}
        )
