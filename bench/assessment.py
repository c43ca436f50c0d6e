"""The monthly assessment snapshot of every unit over N cases (default 1,000,000) reported in
one month, against the same aggregation in DuckDB in the same run.

The cases spread over the 256 cells of a 4-district tree (see bench/case_list.py), five
categories, two channels, four departments and four grid workers, in every state, with
about six events each (report, register, dispatch, accept, handle, verify, and some
returns, reworks, extensions, shelvings, escalations, reopenings), a tenth of the stage
endings late. Prints the time of `snapshot_compute` (aggregation, scoring, rows written)
and of its aggregation alone, then copies the cohort into DuckDB (timed apart) and runs the
same SQL there (`assessment.aggregation`, DuckDB dialect), checks both give the same
figures, and prints the ratio.
Run: .venv/bin/python bench/assessment.py [--cases N] [--profile]
     (BENCH_POSTGRES_URL=postgres://… for PostgreSQL)
"""

import argparse
import datetime as dt
import re
import time

from _setup import django_with_fresh_database

MINUTES_IN_MONTH = 30 * 24 * 60


def _populate_cases(cursor, n, sqlite, cells, categories, departments, workers):
    from wangge.cases.models import Case

    cursor.execute("DROP TABLE IF EXISTS bench_cell")
    cursor.execute(
        "CREATE TABLE bench_cell (idx integer PRIMARY KEY, cell_id integer, "
        "path varchar(96), community_id integer)"
    )
    cursor.executemany("INSERT INTO bench_cell VALUES (%s, %s, %s, %s)", cells)
    for name, values in (
        ("bench_category", categories),
        ("bench_department", departments),
        ("bench_worker", workers),
    ):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TABLE {name} (idx integer PRIMARY KEY, ref integer)")
        cursor.executemany(
            f"INSERT INTO {name} VALUES (%s, %s)", list(enumerate(values))
        )
    seq = (
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
        if sqlite
        else ""
    )
    source = "seq" if sqlite else "generate_series(1, %s) AS seq(i)"

    def at(minutes: str) -> str:
        if sqlite:
            return f"datetime('2026-10-31 16:00:00', '+' || ({minutes}) || ' minutes')"
        return f"(timestamptz '2026-10-31 16:00:00+00' + (({minutes}) || ' minutes')::interval)"

    created = f"(i % {MINUTES_IN_MONTH - 1})"
    r = "(i % 100)"
    state = f"""CASE WHEN {r} = 1 THEN 'reported' WHEN {r} IN (2, 3) THEN 'registered'
        WHEN {r} IN (4, 5) THEN 'in_progress' WHEN {r} = 6 THEN 'handled'
        WHEN {r} = 7 THEN 'rejected' ELSE 'closed' END"""
    registered = f"CASE WHEN {r} IN (1, 7) THEN NULL ELSE {at(created + ' + 30')} END"
    dispatched = (
        f"CASE WHEN {r} IN (1, 2, 3, 7) THEN NULL ELSE {at(created + ' + 60')} END"
    )
    handled = f"CASE WHEN {r} IN (1, 2, 3, 4, 5, 7) THEN NULL ELSE {at(created + ' + 2000')} END"
    # A third close within hours, so the next case of their cell and category recurs.
    closed = f"CASE WHEN {r} <= 7 THEN NULL WHEN i % 3 = 0 THEN {at(created + ' + 600')} ELSE {at(created + ' + 4000')} END"
    is_dispatched = f"{r} NOT IN (1, 2, 3, 7)"
    department = f"CASE WHEN {is_dispatched} AND i % 2 = 0 THEN d.ref END"
    region = f"CASE WHEN {is_dispatched} AND i % 2 = 1 THEN c.community_id END"
    satisfaction = f"""CASE WHEN {r} > 7 AND i % 17 = 0 THEN 'unsatisfied'
        WHEN {r} > 7 AND i % 5 = 0 THEN 'satisfied' ELSE '' END"""
    shelved = "(i % 97 = 0)"
    sql = f"""
        {seq}
        INSERT INTO {Case._meta.db_table} (created_at, updated_at, number, channel,
            category_id, description, attributes, priority, lon, lat, address, cell_id,
            cell_path, state, node_id, reporter_name, reporter_phone, reporter_email,
            light, is_supervised, is_shelved, satisfaction, rating_comment,
            registered_at, dispatched_at, handled_at, closed_at, handler_department_id,
            handler_region_id, created_by_id)
        SELECT {at(created)}, {at(created)}, 'B' || i,
            CASE WHEN i % 3 = 0 THEN 'patrol' ELSE 'resident' END, k.ref, 'bench', '{{}}',
            'normal', 113.1, 34.1, '', c.cell_id, c.path, {state}, c.community_id, '', '',
            '', 'green', false, {shelved}, {satisfaction}, '', {registered}, {dispatched},
            {handled}, {closed}, {department}, {region},
            CASE WHEN i % 3 = 0 THEN w.ref END
        FROM {source}
        JOIN bench_cell c ON c.idx = i % {len(cells)}
        JOIN bench_category k ON k.idx = i % {len(categories)}
        JOIN bench_department d ON d.idx = i % {len(departments)}
        JOIN bench_worker w ON w.idx = i % {len(workers)}
    """
    # `%` is the modulo of the SQL text and `%s` its one parameter.
    cursor.execute(sql.replace("%", "%%").replace("%%s", "%s"), [n])
    for name in ("bench_cell", "bench_category", "bench_department", "bench_worker"):
        cursor.execute(f"DROP TABLE {name}")


# (action, stage or None, which cases have it, when the stage ended late)
EVENT_KINDS = [
    ("report", None, "1 = 1", None),
    ("register", "intake", "c.registered_at IS NOT NULL", "c.id % 10 = 0"),
    ("dispatch", "dispatch", "c.dispatched_at IS NOT NULL", "c.id % 15 = 0"),
    ("accept", "acceptance", "c.dispatched_at IS NOT NULL", None),
    ("handle", "handling", "c.handled_at IS NOT NULL", "c.id % 7 = 0"),
    ("verify_pass", "verification", "c.state = 'closed'", "c.id % 9 = 0"),
    ("verify_fail", "verification", "c.state = 'closed' AND c.id % 20 = 0", None),
    ("return", "acceptance", "c.dispatched_at IS NOT NULL AND c.id % 25 = 0", None),
    ("extension_approved", None, "c.dispatched_at IS NOT NULL AND c.id % 30 = 0", None),
    ("shelved", None, "c.id % 97 = 0", None),
    ("escalate", "dispatch", "c.id % 33 = 0", None),
    ("reopen", None, "c.state = 'closed' AND c.id % 40 = 0", None),
]


def _populate_events(cursor, sqlite, worker):
    """Every case's events in one statement, written in time order as the platform writes
    them (so a month's events lie together, as in a real table)."""
    from wangge.cases.models import Case, CaseEvent

    events, cases = CaseEvent._meta.db_table, Case._meta.db_table
    selects = []
    for offset, (action, stage, which, late) in enumerate(EVENT_KINDS):
        if stage:
            on_time = (
                f"CASE WHEN {late} THEN 'false' ELSE 'true' END" if late else "'true'"
            )
            data = f"""'{{"stage": "{stage}", "on_time": ' || {on_time} || '}}'"""
        else:
            data = "'{}'"
        if not sqlite:
            data = f"({data})::jsonb"
        moment = (
            f"datetime(c.created_at, '+{offset} minutes')"
            if sqlite
            else f"c.created_at + interval '{offset} minutes'"
        )
        actor = str(worker) if action.startswith("verify") else "CAST(NULL AS integer)"
        selects.append(
            f"SELECT c.id AS case_id, '{action}' AS action, c.state AS state, "
            f"{actor} AS actor_id, c.node_id AS node_id, {data} AS data, "
            f"{moment} AS created_at FROM {cases} c WHERE {which}"
        )
    union = " UNION ALL ".join(selects)
    cursor.execute(
        f"""
        INSERT INTO {events} (case_id, action, from_state, to_state, actor_id, node_id,
            note, data, created_at)
        SELECT case_id, action, '', state, actor_id, node_id, '', data, created_at
        FROM ({union}) u ORDER BY created_at, case_id
        """
    )


def populate(n):
    from django.db import connection

    from wangge.catalogue.models import Category
    from wangge.people.models import Department
    from wangge.people.roles import Role
    from wangge.people.tests.factories import staff
    from wangge.regions.models import Region

    sqlite = connection.vendor == "sqlite"
    categories = list(
        Category.objects.filter(parent__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    city = Region.objects.get(level="city")
    departments = [
        Department.objects.create(
            code=f"bench-{i}", name=f"部门{i}", kind=f"bench{i}", region=city
        ).pk
        for i in range(4)
    ]
    cell_rows = list(Region.objects.filter(level="cell").order_by("path"))
    workers = [
        staff(f"bench_worker{i}", Role.GRID_WORKER, cell_rows[i * 7]).pk
        for i in range(4)
    ]
    communities = dict(
        Region.objects.filter(level="community").values_list("path", "pk")
    )
    cells = [
        (i, c.pk, c.path, communities[c.path[: c.path.rstrip("/").rfind("/") + 1]])
        for i, c in enumerate(cell_rows)
    ]
    with connection.cursor() as cursor:
        begin = time.perf_counter()
        _populate_cases(cursor, n, sqlite, cells, categories, departments, workers)
        print(f"  cases {time.perf_counter() - begin:.1f} s", flush=True)
        begin = time.perf_counter()
        _populate_events(cursor, sqlite, workers[0])
        print(f"  events {time.perf_counter() - begin:.1f} s", flush=True)
        cursor.execute("ANALYZE")


CASE_COLUMNS = (
    "id", "created_at", "cell_id", "cell_path", "category_id", "handler_department_id",
    "handler_region_id", "node_id", "channel", "registered_at", "dispatched_at",
    "handled_at", "closed_at", "state", "is_shelved", "satisfaction", "created_by_id",
)  # fmt: skip


def _naive_utc(value):
    """A timestamp as DuckDB gets it: naive UTC (SQLite gives text, PostgreSQL aware)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value is None or value.tzinfo is None:  # SQLite's naive values are UTC
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def duckdb_copy(start, end):
    """The cohort (and the month before it, for recurrences) copied into DuckDB."""
    import duckdb
    import numpy as np
    from django.db import connection

    from wangge.cases.models import Case, CaseEvent

    adapt = connection.ops.adapt_datetimefield_value
    since = adapt(start - dt.timedelta(days=60))
    duck = duckdb.connect()
    times = {"created_at", "registered_at", "dispatched_at", "handled_at", "closed_at"}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(CASE_COLUMNS)} FROM {Case._meta.db_table} "
            "WHERE created_at >= %s",
            [since],
        )
        rows = cursor.fetchall()
        columns = {}
        for index, name in enumerate(CASE_COLUMNS):
            values = [row[index] for row in rows]
            if name in times:
                values = [_naive_utc(v) for v in values]
            columns[name] = np.array(values, dtype=object)
        duck.register("case_frame", columns)
        duck.execute(f"CREATE TABLE {Case._meta.db_table} AS SELECT * FROM case_frame")
        duck.unregister("case_frame")
        del rows, columns
        text = "data" if connection.vendor == "sqlite" else "data::text"
        cursor.execute(
            f"SELECT e.case_id, e.action, {text} FROM {CaseEvent._meta.db_table} e "
            f"JOIN {Case._meta.db_table} c ON c.id = e.case_id WHERE c.created_at >= %s",
            [since],
        )
        rows = cursor.fetchall()
        frame = {
            "case_id": np.array([r[0] for r in rows], dtype=np.int64),
            "action": np.array([r[1] for r in rows], dtype=object),
            "data": np.array([r[2] for r in rows], dtype=object),
        }
        duck.register("event_frame", frame)
        duck.execute(
            f"CREATE TABLE {CaseEvent._meta.db_table} AS SELECT * FROM event_frame"
        )
        duck.unregister("event_frame")
    return duck, len(rows)


def duckdb_aggregate(duck, start, end, days):
    """The same SQL as the snapshot's, in DuckDB: (counts rows, recurrence rows)."""
    from wangge.assessment import aggregation

    params = {"start": _naive_utc(start), "end": _naive_utc(end)}

    def run(sql):
        sql = re.sub(r"%\((\w+)\)s", r"$\1", sql)
        return duck.execute(sql, params).fetchall()

    counts = run(aggregation.counts_sql("duckdb"))
    recurrences = run(aggregation.recurrence_sql("duckdb", days=days))
    return counts, recurrences


def database_aggregate(start, end, days):
    from django.db import connection

    from wangge.assessment import aggregation
    from wangge.assessment.figures import _params

    params = _params(start, end)
    with connection.cursor() as cursor:
        cursor.execute(aggregation.counts_sql(connection.vendor), params)
        counts = cursor.fetchall()
        cursor.execute(aggregation.recurrence_sql(connection.vendor, days=days), params)
        recurrences = cursor.fetchall()
    return counts, recurrences


def _normal(rows):
    return sorted(tuple(int(v) if v is not None else -1 for v in row) for row in rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    where = django_with_fresh_database("assessment")
    from django.db import connection

    from wangge.assessment import services
    from wangge.assessment.figures import period_figures
    from wangge.people.roles import Role
    from wangge.people.tests.factories import staff
    from wangge.regions.tests.factories import build_tree

    print(f"database: {connection.vendor} ({where})")
    tree = build_tree(fanout=4)
    office = staff("bench_office", Role.CITY_OFFICE, tree["410100"])
    begin = time.perf_counter()
    populate(args.cases)
    print(f"populated {args.cases:,} cases in {time.perf_counter() - begin:.1f} s")
    first, after = services.period_bounds("month", dt.date(2026, 11, 1))
    start, end = services.local_midnight(first), services.local_midnight(after)
    days = services.DEFAULT_RECURRENCE_DAYS

    begin, cpu = time.perf_counter(), time.process_time()
    figures = period_figures(start, end, recurrence_days=days)
    aggregation_s = time.perf_counter() - begin
    aggregation_cpu = time.process_time() - cpu
    begin, cpu = time.perf_counter(), time.process_time()
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            snapshot = services.snapshot_compute(
                actor=office, period="month", day=first
            )
        print(profiler.output_text(unicode=True, color=False))
    else:
        snapshot = services.snapshot_compute(actor=office, period="month", day=first)
    snapshot_s = time.perf_counter() - begin
    snapshot_cpu = time.process_time() - cpu
    rows = snapshot.rows.count()
    city = figures.of("city", tree["410100"].pk)
    print(
        f"{connection.vendor}: snapshot_compute {snapshot_s:.2f} s wall, "
        f"{snapshot_cpu:.2f} s CPU in this process ({rows} unit rows); its aggregation "
        f"alone {aggregation_s:.2f} s wall, {aggregation_cpu:.2f} s CPU; "
        f"city: reported {city['reported']:,}, "
        f"closed {city['closed']:,}, recurred {city['recurred']:,}"
    )
    begin = time.perf_counter()
    ours = database_aggregate(start, end, days)
    ours_s = time.perf_counter() - begin
    begin = time.perf_counter()
    duck, events = duckdb_copy(start, end)
    copy_s = time.perf_counter() - begin
    begin = time.perf_counter()
    theirs = duckdb_aggregate(duck, start, end, days)
    duck_s = time.perf_counter() - begin
    same = all(_normal(a) == _normal(b) for a, b in zip(ours, theirs, strict=True))
    print(
        f"duckdb: copy of {events:,} events and their cases {copy_s:.2f} s; the same "
        f"aggregation {duck_s:.2f} s; same figures: {same}"
    )
    print(
        f"ratio: {connection.vendor} aggregation {ours_s:.2f} s / duckdb {duck_s:.2f} s = "
        f"{ours_s / duck_s:.1f}x; snapshot / (duckdb copy + aggregation) = "
        f"{snapshot_s / (copy_s + duck_s):.2f}x"
    )
    if not same:
        for a, b in zip(ours, theirs, strict=True):
            a, b = _normal(a), _normal(b)
            print("ours  ", a[:2], len(a))
            print("duckdb", b[:2], len(b))
        raise SystemExit("DuckDB and the database disagree")


if __name__ == "__main__":
    main()
