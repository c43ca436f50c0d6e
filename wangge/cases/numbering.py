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


def case_numbers_reserve_days(counts: dict[date, int]) -> dict[date, list[str]]:
    """`case_numbers_reserve` for many days at once (a bulk import over years): the days'
    rows made in one insert and counted on in one update per few hundred days, in day
    order (the same order every writer locks them in)."""
    days = sorted(day for day, n in counts.items() if n > 0)
    if not days:
        return {}
    CaseNumberSequence.objects.bulk_create(
        [CaseNumberSequence(day=day) for day in days],
        ignore_conflicts=True,
        batch_size=500,
    )
    table, day_column, last_column = (
        connection.ops.quote_name(name)
        for name in (CaseNumberSequence._meta.db_table, "day", "last")
    )
    adapt = connection.ops.adapt_datefield_value
    last: dict[date, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(days), 400):
            part = days[start : start + 400]
            values = ", ".join(["(%s, %s)"] * len(part))
            params: list = []
            for day in part:
                params += [adapt(day), counts[day]]
            cast = "CAST(v.d AS date)" if connection.vendor == "postgresql" else "v.d"
            # Quoted identifiers of the model's own table; days and counts are parameters.
            cursor.execute(
                f"WITH v(d, n) AS (VALUES {values}) "  # nosec B608
                f"UPDATE {table} SET {last_column} = {last_column} + "
                f"(SELECT v.n FROM v WHERE {cast} = {table}.{day_column}) "
                f"WHERE {day_column} IN (SELECT {cast} FROM v) "
                f"RETURNING {day_column}, {last_column}",
                params,
            )
            for day, value in cursor.fetchall():
                if isinstance(day, str):
                    day = date.fromisoformat(day)
                last[day] = value
    return {
        day: [
            f"{day:%Y%m%d}{n:06d}"
            for n in range(last[day] - counts[day] + 1, last[day] + 1)
        ]
        for day in days
    }
