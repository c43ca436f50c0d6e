from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.cases.escalation import sweep_deadlines


class Command(BaseCommand):
    help = "Mark warnings and overdue cases and escalate them as of a time (default now); idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--at", help="ISO-8601 instant, e.g. 2026-12-01T09:00:00+08:00"
        )

    def handle(self, *args, at=None, **options):
        moment = None
        if at:
            try:
                moment = datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(
                    _("--at must be an ISO-8601 time, got “%(value)s”.") % {"value": at}
                ) from None
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        result = sweep_deadlines(moment)
        self.stdout.write(str(result))
        for number in result.escalated:
            self.stdout.write(f"  {number}")
