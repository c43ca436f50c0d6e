"""Readable case numbers: the day (Asia/Shanghai) and a sequence, e.g. 20261130000042."""

from datetime import datetime

from django.db.models import F
from django.utils import timezone

from wangge.cases.models import CaseNumberSequence


def next_case_number(at: datetime) -> str:
    """Issue the next number of the day; call inside the transaction that creates the case.

    The update takes the day's row lock, so concurrent intakes get distinct numbers on
    SQLite and PostgreSQL alike.
    """
    day = timezone.localtime(at).date()
    sequence = CaseNumberSequence.objects.filter(day=day)
    if not sequence.update(last=F("last") + 1):
        # The day's first case: create the row (or join a concurrent creator), then count.
        CaseNumberSequence.objects.bulk_create(
            [CaseNumberSequence(day=day)], ignore_conflicts=True
        )
        sequence.update(last=F("last") + 1)
    last = sequence.values_list("last", flat=True).get()
    return f"{day:%Y%m%d}{last:06d}"
