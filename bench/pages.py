"""The pages people open most, over N cases (default 1,000,000): the 20-row case list and
the city's command dashboard, beside DuckDB running the dashboard's aggregation over the
same case rows in the same run (the baseline: a column store scanning everything).

Server time is measured in this process through Django's test client (middleware,
view, template or JSON, database), p50/p95 over repeated requests, with the query count
at a small size and at N (they must be the same). The cases spread over the 256 cells of
a 4-district tree, a year of reports, 40 categories, every channel and state, some red,
some rated; the roll-up is rebuilt from them once (`cases.rollups.tally_rebuild`), as
after any bulk load.
Run: .venv/bin/python bench/pages.py [--cases N]   (BENCH_POSTGRES_URL=postgres://… for PostgreSQL)
"""

import argparse
import csv
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from _setup import django_with_fresh_database

SMALL = 2_000
RUNS = 40
WARM_UP = 3
CATEGORIES = 40
YEAR_SECONDS = 365 * 86400
CHANNELS = ("resident", "patrol", "hotline", "assignment", "transfer", "api", "open311")

# The states of case i by i % 20: mostly closed, the rest spread over the open states.
STATE_SQL = """CASE i %% 20 WHEN 0 THEN 'reported' WHEN 1 THEN 'registered'
    WHEN 2 THEN 'dispatched' WHEN 3 THEN 'in_progress' WHEN 4 THEN 'handled'
    WHEN 5 THEN 'rejected' ELSE 'closed' END"""


def populate(first: int, last: int, n: int, now):
    """Insert cases `first`..`last` (1-based) of `n`, spread over the year before `now`."""
    from django.db import connection

    from wangge.cases.models import Case
    from wangge.catalogue.models import Category
    from wangge.regions.models import Region

    sqlite = connection.vendor == "sqlite"
    categories = list(
        Category.objects.filter(parent__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:CATEGORIES]
    )
    cells = list(
        Region.objects.filter(level="cell").order_by("path").values_list("pk", "path")
    )
    communities = dict(
        Region.objects.filter(level="community").values_list("path", "pk")
    )
    step = YEAR_SECONDS / n
    with connection.cursor() as cursor:
        for table in ("bench_cell", "bench_category"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            "CREATE TABLE bench_cell (idx integer PRIMARY KEY, cell_id integer, "
            "path varchar(96), community_id integer)"
        )
        cursor.execute(
            "CREATE TABLE bench_category (idx integer PRIMARY KEY, category_id integer)"
        )
        cursor.executemany(
            "INSERT INTO bench_cell VALUES (%s, %s, %s, %s)",
            [
                (i, pk, path, communities[path[: path.rstrip("/").rfind("/") + 1]])
                for i, (pk, path) in enumerate(cells)
            ],
        )
        cursor.executemany(
            "INSERT INTO bench_category VALUES (%s, %s)", list(enumerate(categories))
        )
        table = Case._meta.db_table
        seq = (
            "WITH RECURSIVE seq(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
            if sqlite
            else ""
        )
        source = "seq" if sqlite else "generate_series(%s, %s) AS seq(i)"
        created = (
            f"datetime(%s, '-' || CAST(({n} - i) * {step} AS integer) || ' seconds')"
            if sqlite
            else f"%s::timestamptz - ((({n} - i) * {step})::int || ' seconds')::interval"
        )
        channel = (
            "CASE i %% 7 "
            + " ".join(f"WHEN {k} THEN '{c}'" for k, c in enumerate(CHANNELS))
            + " END"
        )

        def reached(states: str) -> str:
            return f"CASE WHEN ({STATE_SQL}) IN ({states}) THEN {created} END"

        sql = f"""
            {seq}
            INSERT INTO {table} (created_at, updated_at, number, channel, category_id,
                description, attributes, priority, lon, lat, address, cell_id, cell_path,
                state, node_id, reporter_name, reporter_phone, reporter_email, light,
                is_supervised, is_shelved, satisfaction, rating_comment,
                registered_at, dispatched_at, accepted_at, handled_at, closed_at)
            SELECT {created}, {created}, 'B' || i, {channel}, k.category_id, 'bench', '{{}}',
                'normal', 113.1, 34.1, '', c.cell_id, c.path, {STATE_SQL}, c.community_id,
                '', '', '',
                CASE WHEN i %% 3 = 0 THEN 'red' WHEN i %% 3 = 1 THEN 'yellow' ELSE 'green' END,
                false, false,
                CASE WHEN ({STATE_SQL}) = 'closed' THEN
                    CASE i %% 5 WHEN 0 THEN 'satisfied' WHEN 1 THEN 'basically'
                    WHEN 2 THEN 'unsatisfied' ELSE '' END ELSE '' END, '',
                {reached("'registered','dispatched','in_progress','handled','closed'")},
                {reached("'dispatched','in_progress','handled','closed'")},
                {reached("'in_progress','handled','closed'")},
                {reached("'handled','closed'")},
                {reached("'closed'")}
            FROM {source}
            JOIN bench_cell c ON c.idx = i %% {len(cells)}
            JOIN bench_category k ON k.idx = (i / 11) %% {len(categories)}
        """
        stamp = now.isoformat(sep=" ") if sqlite else now
        params = [stamp] * sql.count("%s")
        if sqlite:
            params = [first, last, *params[2:]]
        else:
            params = [*params[:-2], first, last]
        cursor.execute(sql, params)
        cursor.execute("DROP TABLE bench_cell")
        cursor.execute("DROP TABLE bench_category")
        cursor.execute(f"ANALYZE {table}" if not sqlite else "ANALYZE")


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def timed(call, runs=RUNS):
    """p50, p95 (ms), the queries of the last run and its response; every run answers 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UP):
        call()
    samples = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = call()
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:500]
    return (*percentiles(samples), len(queries.captured_queries), response)


def duckdb_table():
    """The case rows in an in-memory DuckDB table, with their reporting day."""
    import duckdb

    from wangge.cases.models import Case
    from wangge.cases.rollups import case_day

    folder = Path(tempfile.mkdtemp(prefix="wangge-bench-duckdb-"))
    path = folder / "cases.csv"
    fields = (
        "created_at",
        "cell_path",
        "state",
        "category_id",
        "channel",
        "light",
        "satisfaction",
        "registered_at",
        "dispatched_at",
        "accepted_at",
        "handled_at",
        "closed_at",
    )
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "day",
                *fields[1:7],
                "registered",
                "dispatched",
                "accepted",
                "handled",
                "closed",
            ]
        )
        for row in (
            Case.objects.order_by().values_list(*fields).iterator(chunk_size=20000)
        ):
            writer.writerow(
                [case_day(row[0]), *row[1:7], *(int(v is not None) for v in row[7:])]
            )
    db = duckdb.connect()
    db.execute(f"CREATE TABLE cases AS SELECT * FROM read_csv_auto('{path}')")
    path.unlink()
    return db


DUCKDB_SQL = """
    SELECT day, state, category_id, channel, satisfaction, district, light,
        count(*) AS n, sum(registered) AS registered, sum(dispatched) AS dispatched,
        sum(accepted) AS accepted, sum(handled) AS handled, sum(closed) AS closed,
        grouping(day, state, category_id, channel, satisfaction, district, light) AS g
    FROM (SELECT *, split_part(cell_path, '/', 3) AS district FROM cases
          WHERE day BETWEEN ? AND ?)
    GROUP BY GROUPING SETS ((day), (state), (category_id), (channel), (satisfaction),
        (district, state, light), ())
"""


def duckdb_timed(db, start, end, runs=RUNS):
    """p50, p95 (ms) of the dashboard's aggregation in DuckDB, and its grand total."""
    for _ in range(WARM_UP):
        db.execute(DUCKDB_SQL, [start, end]).fetchall()
    samples = []
    for _ in range(runs):
        begin = time.perf_counter()
        rows = db.execute(DUCKDB_SQL, [start, end]).fetchall()
        samples.append((time.perf_counter() - begin) * 1000)
    total = next(r[7] for r in rows if r[-1] == 127)  # the grand total: every bit set
    return (*percentiles(samples), total)


def main():
    sys.stdout.reconfigure(line_buffering=True)  # figures show as they come
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    n = parser.parse_args().cases
    where = django_with_fresh_database("pages")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from wangge.api.services import api_token_issue
    from wangge.cases.rollups import tally_rebuild
    from wangge.people.roles import Role
    from wangge.people.tests.factories import staff
    from wangge.regions.tests.factories import build_tree

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    print(f"database: {connection.vendor} ({where}), {n:,} cases")
    tree = build_tree(fanout=4)
    leader = staff("bench_leader", Role.LEADER, tree["410100"])
    desk = staff("bench_desk", Role.DESK, tree["410102001001"])
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate(now)
    month = (today - timedelta(days=29), today)
    year = (today - timedelta(days=364), today)
    clients, tokens = {}, {}
    for label, user in (("city leader", leader), ("community desk", desk)):
        clients[label] = Client()
        clients[label].force_login(user)
        tokens[label] = {
            "HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user)[0]}"
        }

    def requests():
        city = clients["city leader"]
        period = {"from": month[0].isoformat(), "to": month[1].isoformat()}
        whole = {"from": year[0].isoformat(), "to": year[1].isoformat()}
        return {
            "case list page, city leader": lambda: city.get("/cases/"),
            "case list page, community desk": lambda: clients["community desk"].get(
                "/cases/"
            ),
            "case list API, city leader": lambda: city.get(
                "/api/v1/cases?limit=20", **tokens["city leader"]
            ),
            "dashboard API, city, 30 days": lambda: city.get(
                "/api/v1/dashboard/410100", period, **tokens["city leader"]
            ),
            "dashboard API, city, 365 days": lambda: city.get(
                "/api/v1/dashboard/410100", whole, **tokens["city leader"]
            ),
            "dashboard page, city, 30 days": lambda: city.get(
                "/dashboard/", {"region": "410100", **period}
            ),
            "dashboard API, community, 30 days": lambda: clients["community desk"].get(
                "/api/v1/dashboard/410102001001", period, **tokens["community desk"]
            ),
        }

    # The newest cases first, so the small size already fills the last 30 days.
    small = min(SMALL, n)
    populate(n - small + 1, n, n, now)
    tally_rebuild()
    queries = {label: [timed(call, runs=2)[2]] for label, call in requests().items()}
    start = time.perf_counter()
    if n > small:
        populate(1, n - small, n, now)
    print(f"populated {n:,} cases in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    rows = tally_rebuild()
    print(f"roll-up rebuilt: {rows:,} rows in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    db = duckdb_table()
    print(
        f"DuckDB table loaded in {time.perf_counter() - start:.1f} s (not timed below)"
    )

    print(f"{'request':<36} {'p50 ms':>8} {'p95 ms':>8}  queries at {small:,} / {n:,}")
    results = {}
    for label, call in requests().items():
        p50, p95, count, response = timed(call)
        queries[label].append(count)
        results[label] = (p50, p95, response)
        print(f"{label:<36} {p50:8.1f} {p95:8.1f}  {queries[label][0]} / {count}")
    for name, (first, last) in (("30 days", month), ("365 days", year)):
        d50, d95, total = duckdb_timed(db, first, last)
        p50, p95, response = results[f"dashboard API, city, {name}"]
        reported = response.json()["totals"]["reported"]
        assert reported == total, (reported, total)
        print(
            f"{'DuckDB, same aggregation, ' + name:<36} {d50:8.1f} {d95:8.1f}  "
            f"(dashboard p50 / DuckDB p50 = {p50 / d50:.2f}; both count {total:,})"
        )
    print(
        "targets: case list p95 ≤ 50 ms, the same queries at every size; "
        "city dashboard ≤ 300 ms and within 2× of DuckDB"
    )


if __name__ == "__main__":
    main()
