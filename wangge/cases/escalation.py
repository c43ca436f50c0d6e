"""The deadline sweep: lights turn yellow and red, overdue cases escalate on their own, and
supervision orders whose reply is overdue are chased.

The stored instants are those of each case's current stage (`stages`), so a case is
watched at every stage, from the minute it is reported. Idempotent: running it twice at
the same instant changes nothing the second time. Lights are set-based updates over
indexed columns (the stored `warning_at` and `deadline`), so a sweep over a million open
cases reads only the few that change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wangge.cases import deadlines, workflow
from wangge.cases.models import (
    LIGHT_EVENTS,
    Case,
    CaseEvent,
    EventKind,
    SupervisionOrder,
)
from wangge.cases.models.case import ESCALATABLE_SLUGS, OPEN_SLUGS
from wangge.cases.recipients import desk_staff, handling_unit_staff
from wangge.cases.rollups import cases_tally_move
from wangge.cases.services.events import event_record
from wangge.cases.services.transitions import case_transition
from wangge.cases.signals import cases_turned_red
from wangge.cases.sla import Light
from wangge.core import clock
from wangge.notifications.models import NotificationKind
from wangge.notifications.services import notify_staff

CHUNK = 500

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    yellow: int = 0
    red: int = 0
    escalated: list[str] = field(default_factory=list)
    chased: int = 0

    def __str__(self) -> str:
        return _(
            "%(yellow)d turned yellow, %(red)d turned red, %(escalated)d escalated, "
            "%(chased)d supervision orders chased."
        ) % {
            "yellow": self.yellow,
            "red": self.red,
            "escalated": len(self.escalated),
            "chased": self.chased,
        }


def _ids(condition: Q, extra_sql: str, params: list, model=Case) -> list[int]:
    """Ids of `model` rows (cases unless told) matching `condition` (written exactly as a
    partial index's condition) and `extra_sql`.

    The condition's values are inlined as SQL literals: SQLite uses a partial index only
    when the query's WHERE repeats the index's terms literally, which bound parameters do
    not. Every inlined value is one of the code's own state and light slugs.
    """
    query = model.objects.filter(condition).order_by().values("pk").query
    compiler = query.get_compiler(connection=connection)
    where, where_params = compiler.compile(query.where)
    literal = where % tuple(_literal(p) for p in where_params)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        # Identifiers from the model's meta, literals checked by _literal: nothing of a
        # request's reaches this text.
        cursor.execute(
            f"SELECT {pk} FROM {table} WHERE {literal} AND {extra_sql}",  # nosec B608
            [connection.ops.adapt_datetimefield_value(p) for p in params],
        )
        return [row[0] for row in cursor.fetchall()]


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str) or "'" in value:
        raise ValueError(f"not a slug: {value!r}")
    return f"'{value}'"


def _column(name: str, model=Case) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    return f"{table}.{connection.ops.quote_name(model._meta.get_field(name).column)}"


def _turn(ids: list[int], light: str, at: datetime) -> None:
    """Set the light of these cases, one event each, and tell who must act."""
    label = Light(light).label
    recipients: dict[tuple, list] = {}  # cases of one unit share their recipients
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Locked as the services lock: the roll-up moves by the light each case had.
        cases = list(
            Case.objects.filter(pk__in=chunk)
            .select_for_update(of=("self",))
            .select_related("handler_department", "handler_region", "node")
            .order_by("pk")
        )
        Case.objects.filter(pk__in=chunk).update(light=light, updated_at=at)
        cases_tally_move(cases, lambda c: setattr(c, "light", light))
        CaseEvent.objects.bulk_create(
            CaseEvent(
                case=c,
                action=LIGHT_EVENTS[light],
                from_state=c.state,
                to_state=c.state,
                node=c.node,
                created_at=at,
            )
            for c in cases
        )
        for c in cases:
            unit = (c.handler_department_id, c.handler_region_id, c.node_id)
            if unit not in recipients:
                recipients[unit] = handling_unit_staff(c) or desk_staff(c.node)
            notify_staff(
                recipients[unit],
                kind=NotificationKind.DUE_SOON
                if light == Light.YELLOW
                else NotificationKind.OVERDUE,
                case=c,
                title=_("%(number)s: %(light)s") % {"number": c.number, "light": label},
                body=c.description[:200],
            )
        if light == Light.RED:
            cases_turned_red.send(sender=Case, cases=cases, at=at)


def _due_for_escalation(at: datetime) -> list[Case]:
    """Open cases whose stored escalation instant has passed (see deadlines.schedule_escalation)."""
    # The condition of the partial index `case_sweep_escalate`.
    ids = _ids(
        Q(state__in=ESCALATABLE_SLUGS, is_shelved=False),
        f"{_column('escalate_at')} < %s",
        [at],
    )
    return list(
        Case.objects.filter(pk__in=ids)
        .select_related("node")
        .order_by("escalate_at", "id")
    )


def sweep_deadlines(at: datetime | None = None) -> SweepResult:
    """Mark warnings and overdue cases as of `at` (default now) and escalate the overdue."""
    at = at or clock.now()
    result = SweepResult()
    with clock.frozen_at(at), transaction.atomic():
        # The conditions of the partial indexes `case_sweep_red` and `case_sweep_yellow`.
        red = _ids(
            Q(state__in=OPEN_SLUGS, is_shelved=False) & ~Q(light=Light.RED),
            f"{_column('deadline')} < %s",
            [at],
        )
        yellow = _ids(
            Q(state__in=OPEN_SLUGS, is_shelved=False, light=Light.GREEN),
            f"{_column('warning_at')} <= %s AND {_column('deadline')} >= %s",
            [at, at],
        )
        _turn(red, Light.RED, at)
        _turn(yellow, Light.YELLOW, at)
        result.red, result.yellow = len(red), len(yellow)
        result.chased = _chase(at)
    # Each escalation is its own transaction: one failure does not undo the others.
    with clock.frozen_at(at):
        for case in _due_for_escalation(at):
            if _postponed(case, at):
                continue
            try:
                case_transition(
                    case=case,
                    action=workflow.Action.ESCALATE,
                    actor=None,
                    roles={workflow.SYSTEM},
                    note=_("Overdue: escalated automatically."),
                    params={"automatic": True},
                )
            except (workflow.TransitionNotAllowed, ValidationError) as refused:
                # Handled, escalated or moved by hand since it was listed: nothing to do.
                logger.info("sweep: %s not escalated: %s", case.number, refused)
                continue
            result.escalated.append(case.number)
    return result


def _chase(at: datetime) -> int:
    """Chase every supervision order whose reply is overdue, once: an event on its case, and
    the unit that must reply and the supervisor who issued it hear of it."""
    # The condition of the partial index `supervision_sweep_overdue`.
    ids = _ids(
        Q(replied_at__isnull=True, chased_at__isnull=True),
        f"{_column('due_at', SupervisionOrder)} < %s",
        [at],
        model=SupervisionOrder,
    )
    orders = (
        SupervisionOrder.objects.filter(pk__in=ids)
        .select_related(
            "case__node", "case__handler_department", "case__handler_region"
        )
        .order_by("due_at", "id")
    )
    for order in orders:
        case = order.case
        SupervisionOrder.objects.filter(pk=order.pk).update(chased_at=at)
        event_record(
            case,
            EventKind.SUPERVISION_OVERDUE,
            from_state=case.state,
            data={"order": order.pk, "due_at": order.due_at.isoformat()},
            at=at,
        )
        notify_staff(
            [*(handling_unit_staff(case) or desk_staff(case.node)), order.issued_by_id],
            kind=NotificationKind.SUPERVISION,
            case=case,
            title=_("%(number)s: the reply to the supervision order is overdue")
            % {"number": case.number},
            body=order.instructions[:200],
        )
    return len(ids)


def _postponed(case: Case, at: datetime) -> bool:
    """Whether the policy in force now puts the case's escalation after `at` (its grace was
    lengthened or switched off since the case was scheduled); the new instant is stored."""
    stored = case.escalate_at
    deadlines.schedule_escalation(case)
    if case.escalate_at is not None and case.escalate_at < at:
        return False
    Case.objects.filter(pk=case.pk, escalate_at=stored).update(
        escalate_at=case.escalate_at
    )
    return True
