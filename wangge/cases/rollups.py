"""Roll-ups of cases (`CaseTally`): counters per region, reporting day and mark, kept in
the transaction of every change, so a dashboard sums a few hundred rows instead of
scanning a million cases.

A case carries a set of marks (`case_marks`, pure): its state, category and channel, its
light while open, its rating, and each lifecycle instant it has reached. The services
take a snapshot of the marks when they lock a case (`case_tally_watch`, in `case_lock`)
and write the difference when they record the event (`case_tally_follow`, in
`event_record`): -1 for a mark lost, +1 for a mark gained, at the case's region of every
level in `ROLLUP_LEVELS`. Stage endings are counted from the events that end a stage
(`ended` marks, "<stage>:on_time" or "<stage>:late"): they only ever add up.

Cells are not rolled up: a cell holds few cases, and the same marks are computed from
them (`marks_of_cases`). `tally_rebuild` recomputes every row from the cases and events
(after a bulk load: the demo, the benchmarks); a test compares it with the kept rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from wangge.cases import workflow
from wangge.cases.models import Case, CaseEvent, CaseTally, TallyDimension
from wangge.regions.levels import CODE_LENGTH, Level

D = TallyDimension

# The levels whose regions have roll-up rows; a cell's figures come from its cases.
ROLLUP_LEVELS: tuple[str, ...] = (
    Level.CITY,
    Level.DISTRICT,
    Level.TOWNSHIP,
    Level.COMMUNITY,
)
_DEPTH = len(ROLLUP_LEVELS)

# The lifecycle instants of the funnel, in the order a case reaches them.
FUNNEL: tuple[str, ...] = (
    "registered",
    "dispatched",
    "accepted",
    "handled",
    "closed",
)

# What `case_marks` reads of a case (also what `marks_of_cases` and the rebuild fetch).
MARKED_FIELDS: tuple[str, ...] = (
    "created_at",
    "cell_path",
    "state",
    "category_id",
    "channel",
    "light",
    "satisfaction",
    *(f"{instant}_at" for instant in FUNNEL),
)

_SNAPSHOT = "_tally_marks"

Mark = tuple[str, str]
Key = tuple[str, date, str, str]  # (region code, day, dimension, value)


def case_marks(case) -> frozenset[Mark]:
    """The marks a case carries now (anything with the attributes of `MARKED_FIELDS`)."""
    marks = {
        (D.STATE, case.state),
        (D.CATEGORY, str(case.category_id)),
        (D.CHANNEL, case.channel),
    }
    if workflow.is_open(case.state):
        marks.add((D.LIGHT, case.light))
    if case.satisfaction:
        marks.add((D.SATISFACTION, case.satisfaction))
    for instant in FUNNEL:
        if getattr(case, f"{instant}_at") is not None:
            marks.add((D.REACHED, instant))
    return frozenset(marks)


def ended_mark(data: dict) -> Mark | None:
    """The mark of a stage ending, from the event's data (`deadlines.stage_end`)."""
    if "stage" not in data or "on_time" not in data:
        return None
    return (D.ENDED, f"{data['stage']}:{'on_time' if data['on_time'] else 'late'}")


def case_day(created_at) -> date:
    """The reporting day of a case, in the platform's time zone."""
    return timezone.localdate(created_at)


def rolled_up_codes(cell_path: str) -> list[str]:
    """The codes of the regions above a cell that have roll-up rows, city first."""
    return [code for code in cell_path.split("/") if code][:_DEPTH]


def _count(tally: Counter, case, marks: Iterable[Mark], sign: int) -> None:
    day = case_day(case.created_at)
    for code in rolled_up_codes(case.cell_path):
        for dimension, value in marks:
            tally[(code, day, dimension, value)] += sign


def case_tally_watch(case: Case) -> Case:
    """Remember the marks of a case just read under lock, for `case_tally_follow`."""
    setattr(case, _SNAPSHOT, case_marks(case))
    return case


def case_tally_follow(case: Case, *, new: bool = False, data: dict | None = None):
    """Write to the roll-up what changed in the case since it was watched (or, when `new`,
    all its marks), and the stage ending `data` records; then watch it again.

    A case recorded without a snapshot (an event that changes no mark, written without
    the lock) only adds its stage ending.
    """
    tally: Counter = Counter()
    before = frozenset() if new else getattr(case, _SNAPSHOT, None)
    if before is not None:
        after = case_marks(case)
        _count(tally, case, after - before, +1)
        _count(tally, case, before - after, -1)
        setattr(case, _SNAPSHOT, after)
    ended = ended_mark(data or {})
    if ended is not None:
        _count(tally, case, [ended], +1)
    tally_write(tally)


def cases_tally_move(cases: Iterable[Case], change) -> None:
    """Apply `change(case)` to each case in memory and write what it did to their marks
    in one statement: for writers that update many rows at once (the sweep's lights)."""
    tally: Counter = Counter()
    for case in cases:
        before = case_marks(case)
        change(case)
        after = case_marks(case)
        _count(tally, case, after - before, +1)
        _count(tally, case, before - after, -1)
    tally_write(tally)


def tally_write(tally: Counter) -> None:
    """Add the counts to their rows in one upsert (a few, for a bulk load's thousands of
    rows), keys in a fixed order (no deadlock)."""
    rows = sorted((key, n) for key, n in tally.items() if n)
    if not rows:
        return
    table = connection.ops.quote_name(CaseTally._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _UPSERT_ROWS):
            part = rows[start : start + _UPSERT_ROWS]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(part))
            params: list = []
            for (code, day, dimension, value), n in part:
                params += [code, day, dimension, value, n]
            cursor.execute(
                f"INSERT INTO {table} (region_code, day, dimension, value, total) "
                f"VALUES {values} ON CONFLICT (region_code, day, dimension, value) "
                f"DO UPDATE SET total = {table}.total + excluded.total",  # nosec B608
                params,
            )


# Rows per upsert statement: five parameters each, well under SQLite's 32,766.
_UPSERT_ROWS = 2000


def marks_of_cases(cases: QuerySet[Case], events: QuerySet[CaseEvent]) -> Counter:
    """Counts by (cell path, day, dimension, value) of the cases and of their events'
    stage endings: the roll-up's figures, computed from the rows themselves."""
    tally: Counter = Counter()
    for row in cases.values(*MARKED_FIELDS).iterator(chunk_size=2000):
        day = case_day(row["created_at"])
        case = _Row(row)
        for dimension, value in case_marks(case):
            tally[(row["cell_path"], day, dimension, value)] += 1
    for created_at, cell_path, data in events.values_list(
        "case__created_at", "case__cell_path", "data"
    ).iterator(chunk_size=2000):
        mark = ended_mark(data)
        if mark is not None:
            tally[(cell_path, case_day(created_at), *mark)] += 1
    return tally


class _Row:
    """A case's values as attributes, for `case_marks`."""

    __slots__ = ("_values",)

    def __init__(self, values: dict) -> None:
        self._values = values

    def __getattr__(self, name: str):
        return self._values[name]


def tally_computed() -> Counter:
    """Every roll-up count, recomputed from all cases and their stage-ending events."""
    by_cell = marks_of_cases(
        Case.objects.order_by(), CaseEvent.objects.filter(data__has_key="on_time")
    )
    tally: Counter = Counter()
    for (cell_path, day, dimension, value), n in by_cell.items():
        for code in rolled_up_codes(cell_path):
            tally[(code, day, dimension, value)] += n
    return tally


def tally_stored() -> Counter:
    """Every roll-up count as stored (rows at zero left out)."""
    return Counter(
        {
            (code, day, dimension, value): total
            for code, day, dimension, value, total in CaseTally.objects.exclude(
                total=0
            ).values_list("region_code", "day", "dimension", "value", "total")
        }
    )


def tally_rebuild() -> int:
    """Replace every roll-up row by counts recomputed from the cases and their stage
    endings (after a bulk load); returns the number of rows written.

    The same counts as `tally_computed`, done by the database: the cases are grouped once
    by their path down to the community, day and marked columns, and each level and
    dimension is summed from that. Codes have a fixed length per level, so a level's code
    is a fixed slice of the path. The day is taken at the zone's present UTC offset: the
    platform's zone (Asia/Shanghai) has kept one offset since 1991.
    """
    table = connection.ops.quote_name(CaseTally._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # nosec B608
        _tally_add_grouped(cursor, "1 = 1", [])
        endings = Counter()
        for created_at, cell_path, data in (
            CaseEvent.objects.filter(data__has_key="on_time")
            .values_list("case__created_at", "case__cell_path", "data")
            .iterator(chunk_size=5000)
        ):
            mark = ended_mark(data)
            if mark is not None:
                _count(endings, _Path(created_at, cell_path), [mark], +1)
        tally_write(endings)
    return CaseTally.objects.count()


def _day_sql(column: str) -> str:
    """The reporting day of an instant column, at the zone's present UTC offset (the
    platform's zone, Asia/Shanghai, has kept one offset since 1991)."""
    minutes = int(timezone.localtime().utcoffset().total_seconds() // 60)
    if connection.vendor == "postgresql":
        return f"CAST({column} + INTERVAL '{minutes} minutes' AS date)"
    return f"date({column}, '{minutes:+d} minutes')"


def _level_slices() -> tuple[tuple[int, int], ...]:
    """Where each roll-up level's code sits in a cell path ("/<city>/<district>/…"), as
    (first character, length) for SQL's substr: codes have a fixed length per level."""
    slices, start = [], 2
    for level in ROLLUP_LEVELS:
        slices.append((start, CODE_LENGTH[level]))
        start += CODE_LENGTH[level] + 1
    return tuple(slices)


_LEVEL_SLICES = _level_slices()
# The length of a path down to the community, the last level rolled up.
_PREFIX_LENGTH = 1 + sum(length + 1 for _, length in _LEVEL_SLICES)


def _tally_add_grouped(cursor, where: str, params: list) -> None:
    """Add to the roll-up the marks of the cases matching `where` (SQL over the cases
    table, with `params`), grouped by the database.

    The cases are grouped once by their path down to the community, day and marked
    columns, and each level and dimension is summed from that. Codes have a fixed length
    per level, so a level's code is a fixed slice of the path.
    """
    table = connection.ops.quote_name(CaseTally._meta.db_table)
    cases = connection.ops.quote_name(Case._meta.db_table)
    day = _day_sql("created_at")
    open_states = ", ".join(f"'{s.value}'" for s in sorted(workflow.OPEN_STATES))
    reached = ", ".join(
        f"CASE WHEN {i}_at IS NULL THEN 0 ELSE 1 END AS {i}" for i in FUNNEL
    )
    # Each dimension: (its value, the rows that carry it).
    dimensions = [
        (D.STATE, "state", "1 = 1"),
        (D.CATEGORY, "CAST(category_id AS varchar(20))", "1 = 1"),
        (D.CHANNEL, "channel", "1 = 1"),
        (D.LIGHT, "light", f"state IN ({open_states})"),
        (D.SATISFACTION, "satisfaction", "satisfaction <> ''"),
        *((D.REACHED, f"'{i}'", f"{i} = 1") for i in FUNNEL),
    ]
    cursor.execute("DROP TABLE IF EXISTS tally_base")
    cursor.execute(
        f"CREATE TEMPORARY TABLE tally_base AS SELECT "
        f"substr(cell_path, 1, {_PREFIX_LENGTH}) AS prefix, {day} AS day, state, "
        f"category_id, channel, light, satisfaction, {reached}, COUNT(*) AS n "
        f"FROM {cases} WHERE {where} "  # nosec B608
        f"GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12",
        params,
    )
    for first, length in _LEVEL_SLICES:
        for dimension, value, condition in dimensions:
            cursor.execute(
                f"INSERT INTO {table} (region_code, day, dimension, value, total) "
                f"SELECT substr(prefix, {first}, {length}), day, %s, {value}, SUM(n) "
                f"FROM tally_base WHERE {condition} GROUP BY 1, 2, 4 "  # nosec B608
                f"ON CONFLICT (region_code, day, dimension, value) "
                f"DO UPDATE SET total = {table}.total + excluded.total",
                [dimension.value],
            )
    cursor.execute("DROP TABLE tally_base")


def tally_add_cases(ids: list[int]) -> None:
    """Add to the roll-up the marks and the stage endings of new cases written around the
    services (a bulk import), counted by the database.

    On SQLite the cases are taken as the range of their ids: a bulk writer holds the
    database's write lock, so the ids of its chunk follow one another; on PostgreSQL,
    where another intake may take an id in between, as the list itself.
    """
    if not ids:
        return
    if connection.vendor == "postgresql":
        where, params = "id = ANY(%s)", [list(ids)]
        stage = "data->>'stage'"
        on_time = "(data->>'on_time')::boolean"
        has = "data->>'on_time' IS NOT NULL"
    else:
        where, params = "id BETWEEN %s AND %s", [min(ids), max(ids)]
        stage = "json_extract(data, '$.stage')"
        on_time = "json_extract(data, '$.on_time') = 1"
        has = "json_type(data, '$.on_time') IS NOT NULL"
    table = connection.ops.quote_name(CaseTally._meta.db_table)
    cases = connection.ops.quote_name(Case._meta.db_table)
    events = connection.ops.quote_name(CaseEvent._meta.db_table)
    with connection.cursor() as cursor:
        _tally_add_grouped(cursor, where, params)
        # The events by their case's id (the index of their case leads, not a scan of
        # all), grouped once by the path down to the community, day and ending, and each
        # level summed from that, as the marks above.
        event_where = where.replace("id", "e.case_id", 1)
        day = _day_sql("c.created_at")
        cursor.execute("DROP TABLE IF EXISTS tally_ended")
        cursor.execute(
            f"CREATE TEMPORARY TABLE tally_ended AS SELECT "
            f"substr(c.cell_path, 1, {_PREFIX_LENGTH}) AS prefix, {day} AS day, "
            f"{stage} || ':' || CASE WHEN {on_time} THEN 'on_time' ELSE 'late' END "
            f"AS ending, COUNT(*) AS n "
            f"FROM {events} e JOIN {cases} c ON c.id = e.case_id "
            f"WHERE {event_where} AND {has} GROUP BY 1, 2, 3",  # nosec B608
            params,
        )
        for first, length in _LEVEL_SLICES:
            cursor.execute(
                f"INSERT INTO {table} (region_code, day, dimension, value, total) "
                f"SELECT substr(prefix, {first}, {length}), day, %s, ending, SUM(n) "
                f"FROM tally_ended GROUP BY 1, 2, 4 "  # nosec B608
                f"ON CONFLICT (region_code, day, dimension, value) "
                f"DO UPDATE SET total = {table}.total + excluded.total",
                [D.ENDED.value],
            )
        cursor.execute("DROP TABLE tally_ended")


class _Path:
    """What `_count` reads of a case: its reporting instant and its cell's path."""

    __slots__ = ("cell_path", "created_at")

    def __init__(self, created_at, cell_path: str) -> None:
        self.created_at, self.cell_path = created_at, cell_path
