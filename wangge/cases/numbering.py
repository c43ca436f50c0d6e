"""Readable case numbers: the day (Asia/Shanghai) and a sequence, e.g. 20261130000042."""

import re
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

from wangge.cases.models import CaseNumberSequence

# The platform's own form of a number: the day and a six-digit sequence.
NUMBER_FORM = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?P<seq>\d{6})")


def next_case_number(at: datetime) -> str:
    """Issue the next number of the day; call inside the transaction that creates the case.

    The update takes the day's row lock, so concurrent intakes get distinct numbers on
    SQLite and PostgreSQL alike; it answers the new count itself (`RETURNING`, on both),
    one statement while the lock is held.
    """
    day = timezone.localtime(at).date()
    last = _bump(day)
    if last is None:
        # The day's first case: create the row (or join a concurrent creator), then count.
        CaseNumberSequence.objects.bulk_create(
            [CaseNumberSequence(day=day)], ignore_conflicts=True
        )
        last = _bump(day)
    return f"{day:%Y%m%d}{last:06d}"


def _bump(day, count: int = 1) -> int | None:
    """Count `count` more cases on `day`; its new count, or None when the day has no row yet."""
    table, day_column, last_column = (
        connection.ops.quote_name(name)
        for name in (CaseNumberSequence._meta.db_table, "day", "last")
    )
    with connection.cursor() as cursor:
        # Quoted identifiers of the model's own table; the day is a bound parameter.
        cursor.execute(
            f"UPDATE {table} SET {last_column} = {last_column} + %s "  # nosec B608
            f"WHERE {day_column} = %s RETURNING {last_column}",
            [count, connection.ops.adapt_datefield_value(day)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def case_numbers_reserve(day: date, count: int) -> list[str]:
    """Issue `count` numbers of `day` at once (a bulk import): one update of the day's row."""
    if count <= 0:
        return []
    last = _bump(day, count)
    if last is None:
        CaseNumberSequence.objects.bulk_create(
            [CaseNumberSequence(day=day)], ignore_conflicts=True
        )
        last = _bump(day, count)
    return [f"{day:%Y%m%d}{n:06d}" for n in range(last - count + 1, last + 1)]


def case_number_claim(number: str) -> None:
    """Keep a number issued elsewhere (an imported case's): when it has the platform's form,
    its day's sequence moves past it, so the platform never issues it again."""
    match = NUMBER_FORM.fullmatch(number)
    if match is None:
        return
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return
    seq = int(match["seq"])
    CaseNumberSequence.objects.bulk_create(
        [CaseNumberSequence(day=day)], ignore_conflicts=True
    )
    CaseNumberSequence.objects.filter(day=day, last__lt=seq).update(last=seq)
