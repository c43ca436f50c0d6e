"""Historical import: cases from before the platform (or from another system) read from a
CSV or Excel file, checked row by row (`history_rows`), and written in bulk with the
timeline, deadlines, numbers and roll-ups a case made by the services would have.

The intake service is not used: a city's history is hundreds of thousands of cases, and
each would cost a transaction, a number and a dozen statements. Instead every accepted row
is turned in memory into its case row and its events (reported → … → closed, at the
node that owned it, each stage ending marked on time or late against the limits in force,
as `deadlines.stage_end` marks it), and a chunk of rows is written with one `executemany`
per table in one transaction, with its roll-up counts (`rollups.tally_add_cases`, summed
by the database from the rows just written).

A row is keyed by its number in the source system (`Case.source_number`): importing the
same file again writes nothing and counts its rows as already imported.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wangge.access.jurisdiction import jurisdiction_of
from wangge.cases import sla
from wangge.cases.history_rows import (
    CellRef,
    HistoryRow,
    Lookups,
    RowError,
    UnitRef,
    canonical_header,
    header_errors,
    row_check,
)
from wangge.cases.models import (
    Case,
    CaseEvent,
    Channel,
    EventKind,
    Priority,
    Satisfaction,
)
from wangge.cases.numbering import case_number_claim, case_numbers_reserve_days
from wangge.cases.policy import escalation_grace, stage_limit
from wangge.cases.rollups import tally_add_cases
from wangge.cases.stages import Stage, ended_on_time
from wangge.cases.workflow import CaseState
from wangge.catalogue.models import Category
from wangge.core import clock, encryption
from wangge.core.calendar.selectors import working_calendar_get
from wangge.people.models import Department
from wangge.people.roles import Role
from wangge.regions.levels import PLATFORM_LEVELS, Level
from wangge.regions.locate import locate_cell_code
from wangge.regions.models import Region

CHUNK = 5000
# Page cache of an import's SQLite connection, in KiB (negative: PRAGMA cache_size's unit).
SQLITE_CACHE_KIB = -256 * 1024
# Who may import history: the offices that keep a node's records.
IMPORT_ROLES = frozenset({Role.CITY_OFFICE, Role.DESK, Role.ADMIN})
S = CaseState
Progress = Callable[[int, int], None]


class UnreadableFile(Exception):
    """The file is neither a CSV nor an Excel workbook this import can read; translated."""


# -- reading -----------------------------------------------------------------------------


def history_read(content: bytes, file_name: str) -> tuple[list[str], Iterator[tuple]]:
    """The canonical headers of a file and an iterator over its rows (tuples of values).

    CSV files may be UTF-8 (with or without the mark Excel writes) or GB18030, as Chinese
    office software saves them; `.xlsx` workbooks are read from their first sheet.
    """
    if file_name.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise UnreadableFile(_("The file is not text in UTF-8 or GB18030."))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = next(reader)
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    return [canonical_header(h) for h in headers], (tuple(row) for row in reader)


def _read_xlsx(content: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(_("The file is not an Excel workbook (.xlsx).")) from error
    rows = book.worksheets[0].iter_rows(values_only=True)
    try:
        headers = next(rows)
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    return [canonical_header(h) for h in headers], rows


# -- checking ----------------------------------------------------------------------------


def may_import(actor) -> bool:
    """Whether `actor` may import historical cases (the command line runs as the system)."""
    if actor is None:
        return True
    j = jurisdiction_of(actor)
    return j.is_global or bool(IMPORT_ROLES & j.roles)


def history_lookups(actor, now: datetime) -> Lookups:
    """Everything the rows of a file may refer to, read once; `actor` None covers the city."""
    regions = {
        r["pk"]: r
        for r in Region.objects.values(
            "pk", "code", "path", "level", "centroid_lon", "centroid_lat"
        )
    }
    by_code = {r["code"]: r for r in regions.values()}
    cells: dict[str, CellRef] = {}
    for r in regions.values():
        if r["level"] != Level.CELL:
            continue
        nodes = {}
        community = None
        for code in r["path"].strip("/").split("/")[:-1]:
            above = by_code.get(code)
            if above is not None and above["level"] in PLATFORM_LEVELS:
                nodes[code] = above["pk"]
                if above["level"] == Level.COMMUNITY:
                    community = above["pk"]
        if community is None:
            continue
        cells[r["code"]] = CellRef(
            pk=r["pk"],
            code=r["code"],
            path=r["path"],
            nodes=nodes,
            community_pk=community,
            lon=r["centroid_lon"] if r["centroid_lon"] is not None else 0.0,
            lat=r["centroid_lat"] if r["centroid_lat"] is not None else 0.0,
        )
    territorial = {
        r["code"]: UnitRef(r["pk"], r["code"], r["path"], False)
        for r in regions.values()
        if r["level"] in (Level.TOWNSHIP, Level.COMMUNITY, Level.CELL)
    }
    departments = {
        code: UnitRef(pk, code, path, True)
        for pk, code, path in Department.objects.values_list(
            "pk", "code", "region__path"
        )
    }
    categories = dict(
        Category.objects.filter(is_active=True, parent__isnull=False).values_list(
            "code", "pk"
        )
    )
    covers = (lambda path: True) if actor is None else jurisdiction_of(actor).covers
    return Lookups(
        categories=categories,
        cells=cells,
        departments=departments,
        territorial_units=territorial,
        locate=locate_cell_code,
        covers=covers,
        channels=frozenset(Channel.values),
        priorities=frozenset(Priority.values),
        satisfactions=frozenset(Satisfaction.values),
        zone=timezone.get_default_timezone(),
        now=now,
    )


@dataclass
class Checked:
    """A file's rows after checking: those to write, those already imported, the errors."""

    total: int = 0
    rows: list[HistoryRow] = field(default_factory=list)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({e.line for e in self.errors})


def history_check(
    headers: list[str],
    rows: Iterable[tuple],
    lookups: Lookups,
    *,
    progress: Progress | None = None,
    expected: int = 0,
) -> Checked:
    """Check every row of a file (line 1 is the header); rows whose source number is
    already in the database are skipped, a source number twice in the file is an error."""
    checked = Checked()
    problems = header_errors(headers)
    if problems:
        checked.errors = problems
        return checked
    seen: set[str] = set()
    width = len(headers)
    for line, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        checked.total += 1
        raw = dict(zip(headers, values[:width], strict=False))
        result = row_check(line, raw, lookups)
        if isinstance(result, list):
            checked.errors.extend(result)
        elif result.source_number in seen:
            checked.errors.append(
                RowError(
                    line,
                    "source_number",
                    _("This source number appears earlier in the file."),
                )
            )
        else:
            seen.add(result.source_number)
            checked.rows.append(result)
        if progress is not None and checked.total % CHUNK == 0:
            progress(checked.total, expected)
    known = _existing("source_number", [r.source_number for r in checked.rows])
    if known:
        checked.skipped = sum(1 for r in checked.rows if r.source_number in known)
        checked.rows = [r for r in checked.rows if r.source_number not in known]
    return checked


def _existing(column: str, values: list[str]) -> set[str]:
    """Those of `values` some case already has in `column` (a number, a source number).

    Blank values are never taken; saying so (`NOT column = ''`) lets the partial unique
    index of source numbers answer, where an IN list alone scans the whole table."""
    found: set[str] = set()
    for start in range(0, len(values), CHUNK):
        part = [v for v in values[start : start + CHUNK] if v]
        found.update(
            Case.objects.filter(**{f"{column}__in": part})
            .exclude(**{column: ""})
            .order_by()
            .values_list(column, flat=True)
        )
    return found


# -- preparing ---------------------------------------------------------------------------

# The events of each state's history: (kind, instant it happens at, from, to, stage it ends).
_STEPS = {
    S.CLOSED: (
        (EventKind.REGISTER, "registered_at", S.REPORTED, S.REGISTERED, Stage.INTAKE),
        (
            EventKind.DISPATCH,
            "dispatched_at",
            S.REGISTERED,
            S.DISPATCHED,
            Stage.DISPATCH,
        ),
        (
            EventKind.ACCEPT,
            "accepted_at",
            S.DISPATCHED,
            S.IN_PROGRESS,
            Stage.ACCEPTANCE,
        ),
        (EventKind.HANDLE, "handled_at", S.IN_PROGRESS, S.HANDLED, Stage.HANDLING),
        (EventKind.VERIFY_PASS, "closed_at", S.HANDLED, S.CLOSED, Stage.VERIFICATION),
    ),
    S.REJECTED: (
        (EventKind.REJECT, "closed_at", S.REPORTED, S.REJECTED, Stage.INTAKE),
    ),
    S.REGISTERED: (
        (EventKind.REGISTER, "registered_at", S.REPORTED, S.REGISTERED, Stage.INTAKE),
    ),
}
# The instant each stage's clock starts at.
_STAGE_STARTS = {
    Stage.INTAKE: "reported_at",
    Stage.DISPATCH: "registered_at",
    Stage.ACCEPTANCE: "dispatched_at",
    Stage.HANDLING: "accepted_at",
    Stage.VERIFICATION: "handled_at",
}
# The stage a case in each state stands in (and keeps the clock of, once finished).
_LAST_STAGE = {
    S.CLOSED: Stage.VERIFICATION,
    S.REJECTED: Stage.INTAKE,
    S.REGISTERED: Stage.DISPATCH,
}


class _Limits:
    """The limits of stages and the escalation grace, read once per file."""

    def __init__(self) -> None:
        self.calendar = working_calendar_get()
        self.categories = {
            c.pk: c
            for c in Category.objects.only(
                "pk",
                "limit_amount",
                "limit_unit",
                "urgent_limit_amount",
                "urgent_limit_unit",
            )
        }
        self.levels = dict(
            Region.objects.filter(level__in=PLATFORM_LEVELS).values_list("pk", "level")
        )
        self._cache: dict = {}
        self._graces: dict = {}

    def limit(self, stage: Stage, row: HistoryRow):
        key = (stage, row.node_pk, row.category_id, row.priority)
        found = self._cache.get(key)
        if found is None:
            if stage == Stage.HANDLING:
                category = self.categories[row.category_id]
                if (
                    row.priority == Priority.URGENT
                    and category.urgent_limit is not None
                ):
                    found = category.urgent_limit
                else:
                    found = category.handling_limit or sla.Limit(1, sla.DAYS)
            else:
                found = stage_limit(stage, self.levels[row.node_pk])
            self._cache[key] = found
        return found

    def grace(self, row: HistoryRow):
        if row.node_pk not in self._graces:
            self._graces[row.node_pk] = escalation_grace(self.levels[row.node_pk])
        return self._graces[row.node_pk]


@dataclass
class _Prepared:
    """One row as the values of its case and the values of its events."""

    row: HistoryRow
    case: dict
    events: list[tuple]
    # Its reporting day (Asia/Shanghai), which numbers it.
    day: date


def _prepare(row: HistoryRow, limits: _Limits, now: str, adapt, zone) -> _Prepared:
    """The row's case and events as the database takes them; `now` is adapted already."""
    at = row.instants
    # Each instant as the database takes it, once: the case and its events share them.
    stored = {name: adapt(moment) for name, moment in at.items() if moment is not None}
    calendar = limits.calendar
    reported = at["reported_at"]
    events = [
        ("reported_at", EventKind.REPORT, "", S.REPORTED, row.description[:200], {})
    ]
    # The deadline of every stage, by stage: those the case went through and its last.
    dues = {}
    for kind, instant, source, target, stage in _STEPS[row.state]:
        start = at[_STAGE_STARTS[stage]]
        due = dues[stage] = sla.deadline_for(start, limits.limit(stage, row), calendar)
        on_time = ended_on_time(at[instant], due)
        data = {
            "stage": stage.value,
            "due": due.astimezone(UTC).isoformat(),
            "on_time": on_time,
        }
        if kind == EventKind.DISPATCH:
            data = {
                "department": row.department_code or None,
                "region": row.region_code or None,
            } | data
        # The row's note is the reason of a rejection, or the report of the handling.
        note = ""
        if kind == EventKind.REJECT:
            note = row.note or _("Not accepted (imported history).")
        elif kind == EventKind.HANDLE:
            note = row.note
        events.append((instant, kind, source, target, note, data))
    if row.satisfaction:
        events.append(
            (
                "closed_at",
                EventKind.RATE,
                S.CLOSED,
                S.CLOSED,
                "",
                {"satisfaction": row.satisfaction},
            )
        )
    started = deadline = warning = escalate = None
    last = _LAST_STAGE.get(row.state)
    if last is not None:
        started = at[_STAGE_STARTS[last]]
        deadline = dues.get(last) or sla.deadline_for(
            started, limits.limit(last, row), calendar
        )
        warning = sla.warning_at(started, deadline, calendar)
        grace = limits.grace(row)
        if grace is not None:
            escalate = calendar.add_working_time(max(deadline, reported), grace)
    # Where a stage starts its light is green: none of its limit is used yet.
    closed = row.state == S.CLOSED
    instant = stored.get
    case = {
        "created_at": stored["reported_at"],
        "updated_at": now,
        "number": row.number,
        "source_number": row.source_number,
        "channel": row.channel,
        "category_id": row.category_id,
        "description": row.description,
        "priority": row.priority,
        "lon": row.lon,
        "lat": row.lat,
        "address": row.address,
        "cell_id": row.cell.pk,
        "cell_path": row.cell.path,
        "state": row.state,
        "node_id": row.node_pk,
        "handler_department_id": row.department_pk,
        "handler_region_id": row.region_pk,
        "reporter_name": row.reporter_name,
        "reporter_phone": encryption.encrypt(row.reporter_phone),
        "started_at": None if started is None else adapt(started),
        "deadline": None if deadline is None else adapt(deadline),
        "warning_at": None if warning is None else adapt(warning),
        "light": sla.Light.GREEN,
        "node_since": stored["reported_at"],
        "escalate_at": None if escalate is None else adapt(escalate),
        "registered_at": instant("registered_at"),
        "dispatched_at": instant("dispatched_at") if closed else None,
        "accepted_at": instant("accepted_at") if closed else None,
        "handled_at": instant("handled_at") if closed else None,
        "closed_at": instant("closed_at") if closed else None,
        "satisfaction": row.satisfaction,
        "rated_at": instant("closed_at") if row.satisfaction else None,
    }
    events = [
        (kind.value, stored[name], source, target, note, json.dumps(data))
        for name, kind, source, target, note, data in events
    ]
    return _Prepared(row, case, events, reported.astimezone(zone).date())


def _adapter():
    """Datetimes as the database driver takes them: Django's own text form on SQLite
    (UTC, naive), the aware value on PostgreSQL."""
    if connection.vendor == "sqlite":
        return lambda moment: str(moment.astimezone(UTC).replace(tzinfo=None))
    return lambda moment: moment


def history_prepare(rows: list[HistoryRow], now: datetime) -> list[_Prepared]:
    """The case and event values of every checked row (deadlines computed, phones encrypted)."""
    limits, adapt, zone = _Limits(), _adapter(), timezone.get_default_timezone()
    stored_now = adapt(now)
    return [_prepare(row, limits, stored_now, adapt, zone) for row in rows]


# -- writing -----------------------------------------------------------------------------


class _Statements:
    """The INSERT statements of cases and events, every column of the models named, those
    a row does not set filled with the field's default."""

    def __init__(self) -> None:
        q = connection.ops.quote_name
        # The id first: the import gives it (`_case_ids`), so the events need no lookup.
        self.case_columns = [f.column for f in Case._meta.concrete_fields]
        self.case_defaults = {
            f.column: f.get_db_prep_save(f.get_default(), connection)
            for f in Case._meta.concrete_fields
            if not f.primary_key
        }
        self._case_row = itemgetter(*self.case_columns)
        self.case_sql = (
            f"INSERT INTO {q(Case._meta.db_table)} "  # nosec B608
            f"({', '.join(q(c) for c in self.case_columns)}) "
            f"VALUES ({', '.join(['%s'] * len(self.case_columns))})"
        )
        self.event_sql = (
            f"INSERT INTO {q(CaseEvent._meta.db_table)} "  # nosec B608
            f"({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})"
        )

    def case_values(self, pk: int, case: dict) -> tuple:
        return self._case_row({**self.case_defaults, **case, "id": pk})


def history_number(prepared: list[_Prepared]) -> None:
    """Give every case its number: the historical one when it is free (in the database and
    earlier in the file), else the next of its reporting day. Kept numbers of the
    platform's own form move their day's sequence past them, so none is issued twice."""
    wanted = [p.row.number for p in prepared if p.row.number]
    taken = _existing("number", wanted)
    kept: set[str] = set()
    missing: Counter = Counter()
    for p in prepared:
        number = p.row.number
        if number and number not in taken and number not in kept:
            kept.add(number)
        else:
            p.case["number"] = ""
            missing[p.day] += 1
    with transaction.atomic():
        for number in sorted(kept):
            case_number_claim(number)
        issued = {
            day: iter(numbers)
            for day, numbers in case_numbers_reserve_days(dict(missing)).items()
        }
    for p in prepared:
        if not p.case["number"]:
            p.case["number"] = next(issued[p.day])


def history_write(
    prepared: list[_Prepared], *, progress: Progress | None = None
) -> int:
    """Write the prepared cases, their events and their roll-up counts, a chunk per
    transaction; returns how many cases were written."""
    # In reporting order: most indexes of cases and events lead with a time, so each chunk
    # appends to them, and a chunk's roll-up rows are those of a few days.
    prepared = sorted(prepared, key=lambda p: p.row.instants["reported_at"])
    history_number(prepared)
    statements = _Statements()
    written = 0
    with _large_cache():
        for start in range(0, len(prepared), CHUNK):
            chunk = prepared[start : start + CHUNK]
            with transaction.atomic(), connection.cursor() as cursor:
                _write_chunk(cursor, chunk, statements)
            written += len(chunk)
            if progress is not None:
                progress(written, len(prepared))
    return written


@contextmanager
def _large_cache():
    """On SQLite, a page cache large enough for the indexes a bulk write touches (the
    default 2 MB makes every chunk read its index pages again), for this import only."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


# The columns of an imported event (actor and post stay empty).
EVENT_COLUMNS = (
    "case_id",
    "action",
    "created_at",
    "from_state",
    "to_state",
    "note",
    "data",
    "node_id",
)


def bulk_insert(cursor, sql: str, table: str, columns, rows: list[tuple]) -> None:
    """Insert the rows: by COPY on PostgreSQL (the server parses each column's text, no
    statement per row), by `executemany` on SQLite."""
    if connection.vendor != "postgresql":
        cursor.executemany(sql, rows)
        return
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in columns)
    with cursor.cursor.copy(f"COPY {q(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _case_ids(cursor, n: int) -> list[int]:
    """Ids for `n` cases about to be written, so their events are written beside them.

    PostgreSQL hands them out from the table's sequence. On SQLite the chunk's transaction
    holds the database's write lock from its start (IMMEDIATE, see settings), so the ids
    after the highest ever given are this chunk's: the larger of the highest id and the
    one AUTOINCREMENT keeps in `sqlite_sequence` (an id is never given twice).
    """
    table = Case._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, n],
        )
        return [pk for (pk,) in cursor.fetchall()]
    q = connection.ops.quote_name
    cursor.execute(
        f"SELECT MAX(top) FROM (SELECT MAX(id) AS top FROM {q(table)} "  # nosec B608
        "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
        [table],
    )
    (top,) = cursor.fetchone()
    first = (top or 0) + 1
    return list(range(first, first + n))


def _write_chunk(cursor, chunk: list[_Prepared], statements: _Statements) -> None:
    ids = _case_ids(cursor, len(chunk))
    bulk_insert(
        cursor,
        statements.case_sql,
        Case._meta.db_table,
        statements.case_columns,
        [statements.case_values(pk, p.case) for pk, p in zip(ids, chunk, strict=True)],
    )
    events = []
    for pk, p in zip(ids, chunk, strict=True):
        node = p.row.node_pk
        events.extend(
            (pk, kind, at, source, target, note, data, node)
            for kind, at, source, target, note, data in p.events
        )
    bulk_insert(
        cursor, statements.event_sql, CaseEvent._meta.db_table, EVENT_COLUMNS, events
    )
    tally_add_cases(ids)


def history_import(
    content: bytes,
    file_name: str,
    *,
    actor=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Checked:
    """Read, check and (unless `dry_run`) write a file of historical cases as `actor`
    (None: the system, the whole city); returns what became of its rows.

    `progress(done, total)` hears of the checking (the first half) and the writing.
    """
    headers, rows = history_read(content, file_name)
    now = clock.now()
    rows = list(rows)
    total = len(rows)

    def checking(done, _total):
        if progress is not None:
            progress(done, 2 * total)

    checked = history_check(
        headers, rows, history_lookups(actor, now), progress=checking, expected=total
    )
    if dry_run or not checked.rows:
        return checked

    def writing(done, count):
        if progress is not None:
            progress(total + total * done // max(count, 1), 2 * total)

    history_write(history_prepare(checked.rows, now), progress=writing)
    return checked
