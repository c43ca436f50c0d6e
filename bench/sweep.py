"""sweep_deadlines over 1,000,000 cases: seconds per sweep, against a full-table count.

Most cases of a year are closed; the open ones have deadlines spread over the coming
working days, so each sweep finds a few hundred that change light and a few that escalate.
Run: .venv/bin/python bench/sweep.py [N]   (BENCH_POSTGRES_URL=postgres://… for PostgreSQL)
"""

import sys
import time
from datetime import timedelta

from _setup import django_with_fresh_database

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
OPEN_SHARE = 0.05


def populate(n: int):
    from django.db import connection
    from django.utils import timezone

    from wangge.cases.models import Case
    from wangge.catalogue.models import Category
    from wangge.regions.tests.factories import build_tree

    regions = build_tree()
    cell = regions["410102001001001"]
    community = regions["410102001001"]
    category = Category.objects.filter(
        parent__isnull=False, limit_amount__isnull=False
    ).first()
    now = timezone.now().replace(microsecond=0)
    table = Case._meta.db_table
    open_every = round(1 / OPEN_SHARE)
    # Generated in SQL: a Python loop over a million model instances would dominate the run.
    numbers = (
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
        if connection.vendor == "sqlite"
        else ""
    )
    source = (
        "seq" if connection.vendor == "sqlite" else "generate_series(1, %s) AS seq(i)"
    )
    minutes = "(i %% 5760)"  # open deadlines spread over four days, one per minute
    interval = (
        "datetime(%s, '+' || {m} || ' minutes')"
        if connection.vendor == "sqlite"
        else "%s::timestamptz + ({m} || ' minutes')::interval"
    )
    deadline = interval.format(m=minutes)
    warning = interval.format(m=f"({minutes} - 120)")
    state = f"CASE WHEN i %% {open_every} = 0 THEN 'in_progress' ELSE 'closed' END"
    sql = f"""
        {numbers}
        INSERT INTO {table} (created_at, updated_at, number, channel, category_id, description, attributes,
            priority, lon, lat, address, cell_id, cell_path, state, node_id, node_since, reporter_name,
            reporter_phone, reporter_email, started_at, deadline, warning_at, escalate_at, light, is_supervised,
            is_shelved, satisfaction, rating_comment)
        SELECT %s, %s, 'B' || i, 'patrol', %s, 'bench', '{{}}', 'normal', 113.1, 34.1, '', %s, %s,
            {state}, %s, %s, '', '', '', %s, {deadline}, {warning}, {deadline}, 'green', false, false, '', ''
        FROM {source}
    """
    params = [
        now,
        now,
        category.pk,
        cell.pk,
        cell.path,
        community.pk,
        now,
        now - timedelta(days=1),
        now,
        now,
        now,
    ]
    params = (
        ([n] if connection.vendor == "sqlite" else [])
        + params
        + ([n] if connection.vendor != "sqlite" else [])
    )
    if connection.vendor == "sqlite":
        params = [
            p.isoformat(sep=" ") if hasattr(p, "isoformat") else p for p in params
        ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    return now


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main():
    where = django_with_fresh_database("sweep")
    from django.db import connection

    from wangge.cases.escalation import sweep_deadlines
    from wangge.cases.models import Case

    print(f"database: {connection.vendor} ({where})")
    seconds, now = timed(lambda: populate(N))
    print(f"populated {N:,} cases ({int(N * OPEN_SHARE):,} open) in {seconds:.1f} s")
    baseline, count = timed(lambda: Case.objects.count())
    print(f"baseline: COUNT(*) over {count:,} rows: {baseline * 1000:.1f} ms")
    print(f"{'sweep at':>22} {'seconds':>8} {'× count':>8}  result")
    for minutes in (60, 61, 61, 24 * 60):
        at = now + timedelta(minutes=minutes)
        seconds, result = timed(lambda at=at: sweep_deadlines(at))
        print(
            f"{'now + ' + str(minutes) + ' min':>22} {seconds:8.3f} {seconds / baseline:8.1f}  {result}"
        )
    print("target: ≤ 5 s per sweep at 1,000,000 cases")


if __name__ == "__main__":
    main()
