"""Historical import of N generated cases (default 200,000) from a CSV file: the time to
read and check the rows, to prepare them (deadlines of every stage, phones encrypted), and
to write them (cases, about seven events each, numbers, roll-ups), each apart.

The rows spread over the 256 cells of a 4-district tree (see bench/case_list.py), five
categories, five channels, two years of reporting days; 80 % closed (with a rating for
most), 15 % rejected, 5 % registered, a tenth with a historical number of their own.
Checks at the end that the roll-ups equal a recount and that a second import writes nothing.

A case is many database rows: its own, its events, and its roll-up counts (a row per
region of four levels, day and mark: in a sparse history, twenty and more a case). The
figures are given per file row and per database row, beside the floor: the same rows
inserted again with nothing else to do (`history.bulk_insert`, in a transaction rolled
back), what this machine's database allows at best.
Run: .venv/bin/python bench/import.py [--rows N] [--profile]
     (BENCH_POSTGRES_URL=postgres://… for PostgreSQL)
"""

import argparse
import csv
import io
import random
import time
from datetime import datetime, timedelta

from _setup import django_with_fresh_database

CATEGORIES = ("E0605", "E0202", "E0101", "E0501", "C0101")
CHANNELS = ("resident", "patrol", "hotline", "assignment", "transfer")


def generate(n: int, cells: list[str]) -> bytes:
    """A CSV file of `n` historical cases, the same for the same `n`."""
    rng = random.Random(n)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "source_number",
            "number",
            "category",
            "description",
            "cell",
            "channel",
            "reporter_name",
            "reporter_phone",
            "state",
            "reported_at",
            "registered_at",
            "dispatched_at",
            "accepted_at",
            "handled_at",
            "closed_at",
            "satisfaction",
        ]
    )
    first = datetime(2024, 1, 1, 8, 0)
    fmt = "%Y-%m-%d %H:%M"
    for i in range(n):
        reported = first + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        r = rng.random()
        times = [reported.strftime(fmt)] + [""] * 5
        satisfaction = ""
        if r < 0.8:
            state = "closed"
            moment = reported
            for k, step in enumerate((30, 60, 90, 60 * 20, 60 * 24), start=1):
                moment += timedelta(minutes=rng.randrange(step, 3 * step))
                times[k] = moment.strftime(fmt)
            satisfaction = rng.choice(("satisfied", "satisfied", "basically", ""))
        elif r < 0.95:
            state = "rejected"
            times[5] = (reported + timedelta(minutes=rng.randrange(20, 600))).strftime(
                fmt
            )
        else:
            state = "registered"
            times[1] = (reported + timedelta(minutes=rng.randrange(20, 600))).strftime(
                fmt
            )
        number = f"H{i:09d}" if i % 10 == 0 else ""
        writer.writerow(
            [
                f"OLD{i:08d}",
                number,
                rng.choice(CATEGORIES),
                "楼道里堆满杂物，堵住了消防通道",
                rng.choice(cells),
                rng.choice(CHANNELS),
                "王女士",
                f"138{rng.randrange(10**8):08d}",
                state,
                *times,
                satisfaction,
            ]
        )
    return out.getvalue().encode()


def baseline(n: int = 100_000) -> float:
    """Rows per second this machine and database insert at all: `executemany` of `n` rows of
    four columns into a table with two indexes, in one transaction (to read the figures
    above against)."""
    from django.db import connection, transaction

    rows = [
        (i // 6, f"2025-01-01 {i % 24:02d}:00:00", "dispatch", "{}") for i in range(n)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_baseline")
        cursor.execute(
            "CREATE TABLE bench_baseline (a integer, b varchar(30), c varchar(30), d text)"
        )
        cursor.execute("CREATE INDEX bench_baseline_a ON bench_baseline (a)")
        cursor.execute("CREATE INDEX bench_baseline_b ON bench_baseline (b)")
        begin = time.perf_counter()
        cursor.executemany("INSERT INTO bench_baseline VALUES (%s, %s, %s, %s)", rows)
        seconds = time.perf_counter() - begin
        cursor.execute("DROP TABLE bench_baseline")
    return n / seconds


def floor(tables) -> tuple[int, float]:
    """The database rows of `tables` (models), and the seconds to insert them all again
    as the import does (executemany on SQLite, COPY on PostgreSQL) with nothing else to do:
    in one transaction, after deleting them, rolled back."""
    from django.db import connection, transaction

    from wangge.cases.services import history

    q = connection.ops.quote_name
    loaded = []
    with connection.cursor() as cursor:
        for model in tables:
            table = model._meta.db_table
            columns = [f.column for f in model._meta.concrete_fields]
            cursor.execute(f"SELECT {', '.join(q(c) for c in columns)} FROM {q(table)}")
            loaded.append((table, columns, cursor.fetchall()))
    seconds = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _columns, _rows in reversed(loaded):
            cursor.execute(f"DELETE FROM {q(table)}")
        for table, columns, rows in loaded:
            sql = (
                f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            begin = time.perf_counter()
            history.bulk_insert(cursor, sql, table, columns, rows)
            seconds += time.perf_counter() - begin
        transaction.set_rollback(True)
    return sum(len(rows) for _t, _c, rows in loaded), seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    where = django_with_fresh_database("import")
    from django.db import connection

    from wangge.cases.models import Case, CaseEvent, CaseTally
    from wangge.cases.rollups import tally_computed, tally_stored
    from wangge.cases.services import history
    from wangge.core import clock
    from wangge.regions.levels import Level
    from wangge.regions.models import Region
    from wangge.regions.tests.factories import build_tree

    print(f"database: {connection.vendor} ({where})")
    build_tree(fanout=4)
    cells = list(Region.objects.filter(level=Level.CELL).values_list("code", flat=True))
    content = generate(args.rows, cells)
    print(f"file: {args.rows:,} rows, {len(content) / 1e6:.1f} MB")
    now = clock.now()

    begin = time.perf_counter()
    headers, rows = history.history_read(content, "bench.csv")
    rows = list(rows)
    read_s = time.perf_counter() - begin
    begin = time.perf_counter()
    checked = history.history_check(headers, rows, history.history_lookups(None, now))
    check_s = time.perf_counter() - begin
    assert not checked.errors, checked.errors[:5]
    begin = time.perf_counter()
    prepared = history.history_prepare(checked.rows, now)
    prepare_s = time.perf_counter() - begin
    begin = time.perf_counter()
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            history.history_write(prepared)
        print(profiler.output_text(unicode=True, color=False))
    else:
        history.history_write(prepared)
    write_s = time.perf_counter() - begin

    n = len(prepared)
    events, tallies = CaseEvent.objects.count(), CaseTally.objects.count()
    stored = n + events + tallies
    print(
        f"database rows written: {stored:,} ({n:,} cases, {events:,} events, "
        f"{tallies:,} roll-up rows; {stored / n:.1f} a case)"
    )
    print("                 seconds   file rows/s   database rows/s")
    total = read_s + check_s + prepare_s + write_s
    for label, seconds in (
        ("read (csv)", read_s),
        ("check", check_s),
        ("prepare", prepare_s),
        ("write", write_s),
        ("all", total),
    ):
        print(
            f"{label + ':':16} {seconds:7.2f}  {n / seconds:12,.0f}  {stored / seconds:16,.0f}"
        )
    rows, floor_s = floor((Case, CaseEvent, CaseTally))
    print(
        f"floor: the same {rows:,} rows inserted again, nothing else: {floor_s:.2f} s, "
        f"{n / floor_s:,.0f} file rows/s, {rows / floor_s:,.0f} database rows/s; "
        f"the write takes {write_s / floor_s:.1f}x the floor, the whole import "
        f"{total / floor_s:.1f}x"
    )
    print(f"baseline: bare executemany of narrow rows here: {baseline():,.0f} rows/s")
    assert Case.objects.count() == n
    assert tally_stored() == tally_computed(), "roll-ups differ from a recount"
    begin = time.perf_counter()
    again = history.history_import(content, "bench.csv")
    print(
        f"second import: {again.skipped:,} rows already imported, "
        f"{len(again.rows)} written, {time.perf_counter() - begin:.2f} s"
    )
    assert Case.objects.count() == n


if __name__ == "__main__":
    main()
