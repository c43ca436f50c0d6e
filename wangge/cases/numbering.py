"""Readable case numbers: the day (Asia/Shanghai) and a sequence, e.g. 20261130000042."""

from datetime import datetime

from django.db import connection
from django.utils import timezone

from wangge.cases.models import CaseNumberSequence


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


def _bump(day) -> int | None:
    """Count one more case on `day`; its new count, or None when the day has no row yet."""
    table, day_column, last_column = (
        connection.ops.quote_name(name)
        for name in (CaseNumberSequence._meta.db_table, "day", "last")
    )
    with connection.cursor() as cursor:
        # Quoted identifiers of the model's own table; the day is a bound parameter.
        cursor.execute(
            f"UPDATE {table} SET {last_column} = {last_column} + 1 "  # nosec B608
            f"WHERE {day_column} = %s RETURNING {last_column}",
            [connection.ops.adapt_datefield_value(day)],
        )
        row = cursor.fetchone()
    return row[0] if row else None
