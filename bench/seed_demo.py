"""Benchmark of `seed_demo`: seconds per stage and in all, into a throwaway database.

Migrates a new SQLite file (or a new PostgreSQL database when BENCH_POSTGRES_URL is
set) and loads the demo at the largest supported density:

    .venv/bin/python bench/seed_demo.py [--cells 100000] [--cases 0] [--check]

`--cells 4300 --cases 1000` is the default demo that `make run` loads. `--check` exits 1
when the whole load takes longer than 3 minutes.
"""

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_with_fresh_database  # noqa: E402

TARGET_TOTAL_S = 180.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2012)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    where = django_with_fresh_database("seed_demo")
    migrated = time.perf_counter() - started

    from django.core.management import call_command
    from django.utils import translation

    from wangge.cases.models import Case
    from wangge.demo.management.commands.seed_demo import Command
    from wangge.people.models import Post, User
    from wangge.regions.models import Region

    translation.activate("en")
    command = Command(stdout=io.StringIO())
    started, cpu_started = time.perf_counter(), time.process_time()
    call_command(
        command,
        cells=args.cells,
        seed=args.seed,
        cases=args.cases,
        stdout=io.StringIO(),
    )
    total = time.perf_counter() - started
    # CPU seconds of all threads: the cost of the load, whatever else shares the machine
    # (the accounts' password hashing runs in a thread beside the other stages).
    cpu = time.process_time() - cpu_started

    print(f"seed_demo --cells {args.cells} --cases {args.cases} into {where}")
    print(f"  (migrating the empty database: {migrated:.1f} s, not counted)")
    width = max(len(label) for label, _w, _c in command.timings)
    print(f"  {'stage':<{width}}  {'wall':>7}    {'CPU':>7}")
    for label, seconds, cpu_seconds in command.timings:
        print(f"  {label:<{width}}  {seconds:7.1f} s  {cpu_seconds:7.1f} s")
    print(f"  {'total':<{width}}  {total:7.1f} s  {cpu:7.1f} s")
    print(f"  target: total wall time ≤ {TARGET_TOTAL_S:.0f} s")
    print(
        f"  wrote {Region.objects.count()} regions, {User.objects.count()} people, "
        f"{Post.objects.count()} posts, {Case.objects.count()} cases"
    )
    return 1 if args.check and total > TARGET_TOTAL_S else 0


if __name__ == "__main__":
    sys.exit(main())
