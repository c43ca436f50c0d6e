"""GET /api/v1/cases?limit=20 over 1,000,000 cases, for a city leader and a community desk
(and a district desk between them).

Prints p50/p95 of the first page (and of a page reached by its cursor, and a filtered
page), the queries each request runs at two sizes (they must be the same), the plans
of the page and count queries, and beside them a bare indexed 20-row query in the
same process: the baseline.

The cases spread evenly over the 256 cells of a 4-district tree (64 communities, so a
community holds 1/64 of them), newest last; 5 % are open.
Run: .venv/bin/python bench/case_list.py [N]   (BENCH_POSTGRES_URL=postgres://… for PostgreSQL)
"""

import statistics
import sys
import time

from _setup import django_with_fresh_database

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
SMALL = 10_000
RUNS = 100
WARM_UP = 3
OPEN_EVERY = 20


def populate(first: int, last: int, now):
    """Insert cases `first`..`last` (1-based) in SQL, as bench/sweep.py does."""
    from django.db import connection

    from wangge.cases.models import Case
    from wangge.catalogue.models import Category
    from wangge.regions.models import Region

    sqlite = connection.vendor == "sqlite"
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    cells = list(
        Region.objects.filter(level="cell").order_by("path").values_list("pk", "path")
    )
    communities = dict(
        Region.objects.filter(level="community").values_list("path", "pk")
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_cell")
        cursor.execute(
            "CREATE TABLE bench_cell (idx integer PRIMARY KEY, cell_id integer, "
            "path varchar(96), community_id integer)"
        )
        cursor.executemany(
            "INSERT INTO bench_cell VALUES (%s, %s, %s, %s)",
            [
                (i, pk, path, communities[path[: path.rstrip("/").rfind("/") + 1]])
                for i, (pk, path) in enumerate(cells)
            ],
        )
        table = Case._meta.db_table
        seq = (
            "WITH RECURSIVE seq(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
            if sqlite
            else ""
        )
        source = "seq" if sqlite else "generate_series(%s, %s) AS seq(i)"
        # One case a minute, the newest the highest number.
        created = (
            "datetime(%s, '-' || (%s - i) || ' minutes')"
            if sqlite
            else "%s::timestamptz - ((%s - i) || ' minutes')::interval"
        )
        state = f"CASE WHEN i %% {OPEN_EVERY} = 0 THEN 'in_progress' ELSE 'closed' END"
        sql = f"""
            {seq}
            INSERT INTO {table} (created_at, updated_at, number, channel, category_id,
                description, attributes, priority, lon, lat, address, cell_id, cell_path,
                state, node_id, reporter_name, reporter_phone, reporter_email, light,
                is_supervised, is_shelved, satisfaction, rating_comment)
            SELECT {created}, {created}, 'B' || i, 'patrol', %s, 'bench', '{{}}', 'normal',
                113.1, 34.1, '', c.cell_id, c.path, {state}, c.community_id, '', '', '',
                'green', false, false, '', ''
            FROM {source} JOIN bench_cell c ON c.idx = i %% {len(cells)}
        """
        stamp = now.isoformat(sep=" ") if sqlite else now
        params = [stamp, N, stamp, N, category.pk]
        params = [first, last, *params] if sqlite else [*params, first, last]
        cursor.execute(sql, params)
        cursor.execute("DROP TABLE bench_cell")
        cursor.execute(f"ANALYZE {table}" if not sqlite else "ANALYZE")


def people(tree):
    from wangge.api.services import api_token_issue
    from wangge.people.roles import Role
    from wangge.people.tests.factories import staff

    community = tree["410102001001"]
    users = {
        "city leader": staff("bench_leader", Role.LEADER, tree["410100"]),
        "district desk": staff("bench_district", Role.DESK, tree["410102"]),
        "community desk": staff("bench_desk", Role.DESK, community),
    }
    return {label: api_token_issue(user=user)[0] for label, user in users.items()}


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def timed_get(client, url, token, runs=RUNS):
    """p50, p95 (ms) and the queries of the last run; every run must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = []
    for _ in range(
        WARM_UP
    ):  # steady state: the pages the database just read stay cached
        client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content
    return (*percentiles(samples), queries.captured_queries, response.json())


def bare_query():
    """The baseline: 20 rows by the primary key index, no scope, no count."""
    from wangge.cases.models import Case

    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        list(Case.objects.order_by("-pk").only("pk", "number")[:20])
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def plans(queries):
    from django.db import connection

    out = []
    for query in queries:
        sql = query["sql"]
        if "cases_case" not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
        if connection.vendor == "sqlite":
            # (id, parent, _, detail): indent each step under its parent, as sqlite3 does.
            depth = {0: -1}
            for row in rows:
                depth[row[0]] = depth.get(row[1], -1) + 1
            lines = ["  " * depth[r[0]] + r[-1] for r in rows]
        else:
            lines = [r[-1] for r in rows]
        out.append((sql[:160], lines))
    return out


def main():
    where = django_with_fresh_database("case_list")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from wangge.regions.tests.factories import build_tree

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    print(f"database: {connection.vendor} ({where})")
    tree = build_tree(fanout=4)
    tokens = people(tree)
    client = Client()
    now = timezone.now().replace(second=0, microsecond=0)

    urls = {
        "first page": "/api/v1/cases?limit=20",
        "open, first page": "/api/v1/cases?limit=20&open=true",
    }
    counts = {}
    start = time.perf_counter()
    populate(1, SMALL, now)
    print(f"populated {SMALL:,} cases in {time.perf_counter() - start:.1f} s")
    for label, token in tokens.items():
        *_, queries, _ = timed_get(client, urls["first page"], token, runs=3)
        counts[label] = [len(queries)]
    start = time.perf_counter()
    populate(SMALL + 1, N, now)
    print(f"populated {N:,} cases in {time.perf_counter() - start:.1f} s")

    p50, p95 = bare_query()
    print(f"baseline: bare indexed 20-row query: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    print(f"{'user':<16} {'request':<22} {'p50 ms':>8} {'p95 ms':>8}  count")
    shown_plans = {}
    for label, token in tokens.items():
        for name, url in urls.items():
            p50, p95, queries, body = timed_get(client, url, token)
            capped = "≥" if body.get("count_capped") else ""
            print(
                f"{label:<16} {name:<22} {p50:8.2f} {p95:8.2f}  {capped}{body['count']:,}"
            )
            if name == "first page":
                counts[label].append(len(queries))
                shown_plans[label] = plans(queries)
                cursor_url = f"{url}&cursor={body['next']}" if body.get("next") else ""
        if cursor_url:
            p50, p95, *_ = timed_get(client, cursor_url, token)
            print(f"{label:<16} {'next page (cursor)':<22} {p50:8.2f} {p95:8.2f}")
        deep = f"{urls['first page']}&offset=1000"
        p50, p95, *_ = timed_get(client, deep, token, runs=10)
        print(f"{label:<16} {'offset=1000':<22} {p50:8.2f} {p95:8.2f}")
    for label, (small, large) in counts.items():
        print(f"queries per request, {label}: {small} at {SMALL:,}, {large} at {N:,}")
    for label, found in shown_plans.items():
        print(f"plans, {label}:")
        for sql, lines in found:
            print(f"  {sql}…")
            for line in lines:
                print(f"    {line}")
    print("target: p95 ≤ 50 ms at 1,000,000 cases, the same query count at every size")


if __name__ == "__main__":
    main()
