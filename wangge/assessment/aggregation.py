"""The SQL that counts the assessment figures of a period, in one pass over the record.

Each count of `scoring.COUNTS` is one predicate over a case and the flags of its events
(`PREDICATES`), written once and used twice: summed per unit for a snapshot, and as a
filter for the evidence behind a figure (the cases it counts), so the two always agree.
The same text runs on SQLite, PostgreSQL and DuckDB (the benchmark's yardstick); only the
JSON access to an event's stage clock and date arithmetic differ (`Dialect`).

The cohort is the cases reported in [start, end); events of every time count, so the
figures are the record as it stands when the snapshot is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from wangge.cases.models import Case, CaseEvent, Channel, EventKind, Satisfaction
from wangge.cases.stages import Stage
from wangge.cases.workflow import Action, CaseState

CASES = Case._meta.db_table
EVENTS = CaseEvent._meta.db_table

# Channels by which the public reports (公众举报), as against patrols and assignments.
PUBLIC_CHANNELS = (Channel.RESIDENT, Channel.HOTLINE, Channel.API, Channel.OPEN311)


@dataclass(frozen=True)
class Dialect:
    """How one engine reads an event's JSON and moves a timestamp back by days."""

    stage: str  # SQL of the stage an event ended
    late: str  # SQL true when that stage ended late
    days_before: str  # format with {column} and {days}
    # Whether the engine lets a grouping by the primary key read the row's other columns.
    groups_by_key: bool = True


DIALECTS = {
    "sqlite": Dialect(
        stage="json_extract(e.data, '$.stage')",
        # Most endings are on time: a text search spares them the JSON parse.
        late="instr(e.data, 'false') > 0 AND json_extract(e.data, '$.on_time') = 0",
        days_before="datetime({column}, '-{days} days')",
    ),
    "postgresql": Dialect(
        stage="(e.data ->> 'stage')",
        late="(e.data ->> 'on_time') = 'false'",
        days_before="({column} - interval '{days} days')",
    ),
    "duckdb": Dialect(
        stage="json_extract_string(e.data, '$.stage')",
        late="json_extract_string(e.data, '$.on_time') = 'false'",
        days_before="({column} - INTERVAL {days} DAY)",
        groups_by_key=False,
    ),
}


def _q(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


# Per case, a 0/1 flag for each kind of event it had (or each stage that ended late).
_EVENT_FLAGS = {
    "returned": f"e.action = '{EventKind.RETURN}'",
    "reworked": f"e.action = '{EventKind.VERIFY_FAIL}'",
    "shelved_ever": f"e.action = '{EventKind.SHELVED}'",
    "extended_ever": f"e.action = '{EventKind.EXTENSION_APPROVED}'",
    "escalated_ever": f"e.action = '{EventKind.ESCALATE}'",
    "reopened_ever": f"e.action = '{EventKind.REOPEN}'",
    "verified_ever": f"e.action IN ({_q([EventKind.VERIFY_PASS, EventKind.VERIFY_FAIL])})",
}
# The events a flag reads: the kinds above and the transitions, each of which ends a stage
# (`cases.stages`); sweep lights, ratings, requests and assists are never read.
_READ_KINDS = sorted({*Action.values, EventKind.SHELVED, EventKind.EXTENSION_APPROVED})

_LATE_STAGES = {
    "late_intake": Stage.INTAKE,
    "late_dispatch": Stage.DISPATCH,
    "late_handling": Stage.HANDLING,
    "late_verification": Stage.VERIFICATION,
}

_registered = "c.registered_at IS NOT NULL"
_dispatched = "c.dispatched_at IS NOT NULL"
_public = f"c.channel IN ({_q(PUBLIC_CHANNELS)})"
_handled = f"{_dispatched} AND c.handled_at IS NOT NULL"
_closed = f"c.state = '{CaseState.CLOSED}'"
_late_any = (
    "(c.late_intake + c.late_dispatch + c.late_handling + c.late_verification) > 0"
)

# Each count as a predicate over a case `c` with its flags (recurrences apart).
PREDICATES: dict[str, str] = {
    "reported": "1 = 1",
    "public_reported": _public,
    "registered": _registered,
    "registered_on_time": f"{_registered} AND c.late_intake = 0",
    "public_registered": f"{_public} AND {_registered}",
    "dispatched": _dispatched,
    "dispatched_on_time": f"{_dispatched} AND c.late_dispatch = 0",
    "dispatched_accurately": f"{_dispatched} AND c.returned = 0",
    "handled": _handled,
    "handled_on_time": f"{_handled} AND c.late_handling = 0",
    "handled_late": f"{_handled} AND c.late_handling = 1",
    "reworked": "c.reworked = 1",
    "returned": "c.returned = 1",
    "shelved": "(c.is_shelved OR c.shelved_ever = 1)",
    "extended": "c.extended_ever = 1",
    "escalated": "c.escalated_ever = 1",
    "verified": "c.verified_ever = 1",
    "verified_on_time": "c.verified_ever = 1 AND c.late_verification = 0",
    "closed": _closed,
    "closed_on_time": f"{_closed} AND NOT {_late_any}",
    "solved_in_grid": f"{_closed} AND c.handler_department_id IS NULL AND "
    "(c.handler_region_id IS NULL OR c.handler_region_id = c.cell_id)",
    "satisfied": f"c.satisfaction IN ({_q([Satisfaction.SATISFIED, Satisfaction.BASICALLY])})",
    "unsatisfied": f"c.satisfaction = '{Satisfaction.UNSATISFIED}'",
    "reopened": "c.reopened_ever = 1",
}

# The columns a unit is found by: where the case lies, who handles it, whose desk owns it.
UNIT_COLUMNS = ("cell_id", "handler_department_id", "node_id")


# Narrows the cohort to a subtree; `%(under)s` is a path prefix followed by `%`.
UNDER = " AND {alias}.cell_path LIKE %(under)s"


# The case columns the predicates and the units read.
_CASE_COLUMNS = (
    "id",
    "cell_id",
    "handler_department_id",
    "handler_region_id",
    "node_id",
    "channel",
    "registered_at",
    "dispatched_at",
    "handled_at",
    "state",
    "is_shelved",
    "satisfaction",
)


def _flagged(dialect: Dialect, scoped: bool = False) -> str:
    """The cohort's cases, each with a 0/1 flag per kind of event it had.

    One join along the events' (case, time) index and one grouping per case: the planners
    of SQLite, PostgreSQL and DuckDB all read it as a single pass.
    """
    flags = [
        f"MAX(CASE WHEN {sql} THEN 1 ELSE 0 END) AS {name}"
        for name, sql in _EVENT_FLAGS.items()
    ]
    flags += [
        f"MAX(CASE WHEN {dialect.late} AND {dialect.stage} = '{stage}' THEN 1 ELSE 0 END)"
        f" AS {name}"
        for name, stage in _LATE_STAGES.items()
    ]
    columns = ", ".join(f"c.{column}" for column in _CASE_COLUMNS)
    scope = UNDER.format(alias="c") if scoped else ""
    group = "c.id" if dialect.groups_by_key else columns
    return f"""
        SELECT {columns}, {", ".join(flags)}
        FROM {CASES} c
        LEFT JOIN {EVENTS} e ON e.case_id = c.id AND e.action IN ({_q(_READ_KINDS)})
        WHERE c.created_at >= %(start)s AND c.created_at < %(end)s{scope}
        GROUP BY {group}
    """  # nosec B608


def counts_sql(vendor: str, *, scoped: bool = False) -> str:
    """Every count of the period grouped by (cell, handling department, node)."""
    sums = ", ".join(
        f"SUM(CASE WHEN {sql} THEN 1 ELSE 0 END) AS {name}"
        for name, sql in PREDICATES.items()
    )
    group = ", ".join(f"c.{column}" for column in UNIT_COLUMNS)
    # The flagged cohort is aliased `c` again, so a predicate reads case and flags alike.
    return f"SELECT {group}, {sums} FROM ({_flagged(DIALECTS[vendor], scoped)}) c GROUP BY {group}"  # nosec B608


def evidence_sql(vendor: str, figure: str, unit_filter: str, *, days: int = 30) -> str:
    """The ids of the cohort's cases counted by `figure` for the units `unit_filter` picks."""
    if figure == "recurred":
        return recurrence_sql(
            vendor, days=days, select="t.id", where=unit_filter.replace("c.", "t.prev_")
        )
    predicate = PREDICATES[figure]
    return f"SELECT c.id FROM ({_flagged(DIALECTS[vendor])}) c WHERE {predicate} AND {unit_filter}"  # nosec B608


def recurrence_sql(
    vendor: str,
    *,
    days: int = 30,
    select: str = "",
    where: str = "1 = 1",
    scoped: bool = False,
) -> str:
    """Cases of the period reported again at the same cell and category within `days` of the
    closure of the case before: counted against the units that closed the earlier case."""
    dialect = DIALECTS[vendor]
    since = dialect.days_before.format(column="%(start)s", days=int(days))
    within = dialect.days_before.format(column="t.created_at", days=int(days))
    columns = ", ".join(f"LAG(c.{col}) OVER w AS prev_{col}" for col in UNIT_COLUMNS)
    scope = UNDER.format(alias="c") if scoped else ""
    inner = f"""
        SELECT c.id, c.created_at, LAG(c.id) OVER w AS prev_id,
            LAG(c.closed_at) OVER w AS prev_closed_at, {columns}
        FROM {CASES} c
        WHERE c.created_at >= {since} AND c.created_at < %(end)s{scope}
        WINDOW w AS (PARTITION BY c.cell_id, c.category_id ORDER BY c.created_at, c.id)
    """  # nosec B608
    group = ", ".join(f"t.prev_{col}" for col in UNIT_COLUMNS)
    picked = select or f"{group}, COUNT(*) AS recurred"
    grouping = "" if select else f" GROUP BY {group}"
    return f"""
        SELECT {picked} FROM ({inner}) t
        WHERE t.created_at >= %(start)s AND t.prev_closed_at IS NOT NULL
            AND t.prev_closed_at <= t.created_at AND t.prev_closed_at >= {within}
            AND {where}{grouping}
    """  # nosec B608


def persons_sql(vendor: str) -> tuple[str, str]:
    """Per grid worker: their patrol reports (and how many were registered: 有效上报), and
    their verifications (and how many kept the verification limit)."""
    dialect = DIALECTS[vendor]
    reports = f"""
        SELECT c.created_by_id, COUNT(*) AS reported,
            SUM(CASE WHEN {_registered} THEN 1 ELSE 0 END) AS registered
        FROM {CASES} c
        WHERE c.created_at >= %(start)s AND c.created_at < %(end)s
            AND c.channel = '{Channel.PATROL}' AND c.created_by_id IS NOT NULL
        GROUP BY c.created_by_id
    """  # nosec B608
    verifications = f"""
        SELECT e.actor_id, COUNT(*) AS verified,
            SUM(CASE WHEN {dialect.late} THEN 0 ELSE 1 END) AS verified_on_time
        FROM {EVENTS} e JOIN {CASES} c ON c.id = e.case_id
        WHERE c.created_at >= %(start)s AND c.created_at < %(end)s
            AND e.action IN ({_q([EventKind.VERIFY_PASS, EventKind.VERIFY_FAIL])})
            AND e.actor_id IS NOT NULL
        GROUP BY e.actor_id
    """  # nosec B608
    return reports, verifications
