"""The desk's pages over 1,000,000 cases: `GET /api/v1/me/work` (the home page's figures and
lists) and the 20-row case list in each sort order, for a city leader, a district desk and
a community desk. Prints p50/p95 and the queries per request at two sizes (they must be the
same). The cases are those of bench/case_list.py (5 % open, evenly over 256 cells).

Run: .venv/bin/python bench/desk_work.py [N]   (BENCH_POSTGRES_URL=postgres://… for PostgreSQL,
BENCH_RUNS=n for fewer timed runs of each request)
"""

import os
import sys
import time

from _setup import django_with_fresh_database
from case_list import SMALL, people, populate, timed_get

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
RUNS = int(os.environ.get("BENCH_RUNS", "30"))

URLS = {
    "me/work": "/api/v1/me/work",
    "list, newest first": "/api/v1/cases?limit=20",
    "list, by deadline": "/api/v1/cases?limit=20&sort=deadline",
    "list, by number": "/api/v1/cases?limit=20&sort=-number",
}


def main():
    where = django_with_fresh_database("desk_work")
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
    populate(1, SMALL, now)
    counts = {}
    for label, token in tokens.items():
        for name, url in URLS.items():
            *_, queries, _ = timed_get(client, url, token, runs=3)
            counts[(label, name)] = [len(queries)]
    start = time.perf_counter()
    populate(SMALL + 1, N, now)
    print(f"populated {N:,} cases in {time.perf_counter() - start:.1f} s")
    print(f"{'user':<16} {'request':<20} {'p50 ms':>8} {'p95 ms':>8}  queries")
    for label, token in tokens.items():
        for name, url in URLS.items():
            p50, p95, queries, _ = timed_get(client, url, token, runs=RUNS)
            counts[(label, name)].append(len(queries))
            small, large = counts[(label, name)]
            print(
                f"{label:<16} {name:<20} {p50:8.2f} {p95:8.2f}  "
                f"{small} at {SMALL:,}, {large} at {N:,}"
            )
    print("target: the list p95 ≤ 50 ms, the same query count at every size")


if __name__ == "__main__":
    main()
