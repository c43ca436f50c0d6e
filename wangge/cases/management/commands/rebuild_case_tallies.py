"""Recount the dashboard's roll-up (`CaseTally`) from the cases and their events."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wangge.cases.rollups import tally_rebuild


class Command(BaseCommand):
    help = _(
        "Recount the roll-up counters of the dashboard from the cases (after a bulk load)."
    )

    def handle(self, *args, **options):
        rows = tally_rebuild()
        self.stdout.write(_("%(rows)d roll-up rows written.") % {"rows": rows})
