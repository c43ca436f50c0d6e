"""Recount the dashboard's roll-up (`CaseTally`) from the cases and their events."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy

from wangge.cases.rollups import tally_rebuild


class Command(BaseCommand):
    help = gettext_lazy(
        "Recount the roll-up counters of the dashboard from the cases (after a bulk load)."
    )

    def handle(self, *args, **options):
        rows = tally_rebuild()
        self.stdout.write(f"{rows} roll-up rows")
