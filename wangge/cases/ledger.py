"""The work ledger (工作台账) of a platform node: all cases of its area, with every lifecycle instant.

`ledger_cases` is the one query of a ledger: the cases of a region the reader may see,
narrowed by the case list's filters. The page shows its newest, the API pages through it,
the workbook holds every one with the columns below.

Beside the instants, whether each stage kept its limit (按时立案, 按时派遣, 按时签收, 按期处置,
按期核查), from the events that ended the stages (`stages`): "no" once any ending of the
stage was late, or while the case sits overdue in it; "yes" when every ending was on time;
empty for a stage the case has not been through.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from wangge.access.jurisdiction import region_get_for_user, region_roots_for
from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record
from wangge.cases.models import Case, EventKind
from wangge.cases.reporter import reporter_view
from wangge.cases.selectors import NO_FILTER, CaseFilter, case_list
from wangge.cases.sla import Light
from wangge.cases.stages import Stage, stage_of
from wangge.core.ratelimit import limit_configured
from wangge.core.spreadsheets import sheet_with_header, xlsx_row
from wangge.regions.levels import Level
from wangge.regions.models import Region

# How many of the newest cases the ledger page shows; the workbook holds them all.
LEDGER_PREVIEW = 20


def ledger_cases(
    user: Any, node: Region, filters: CaseFilter = NO_FILTER
) -> QuerySet[Case]:
    """The cases of the node's area that the user may see, narrowed by `filters`, newest first."""
    return case_list(user, filters).filter(cell_path__startswith=node.path)


@dataclass(frozen=True)
class LedgerPage:
    """The ledger of one region of the reader's area: how many cases, and the newest of them."""

    node: Region | None
    count: int
    preview: list[Case]


def ledger_page(user: Any, code: str, filters: CaseFilter) -> LedgerPage:
    """The ledger of the region `code` (404 outside the reader's area), or of their top region."""
    if code:
        node = region_get_for_user(user, code)
    else:
        node = region_roots_for(user).order_by("path").first()
    if node is None:
        return LedgerPage(None, 0, [])
    cases = ledger_cases(user, node, filters)
    return LedgerPage(node, cases.count(), list(cases[:LEDGER_PREVIEW]))


def ledger_columns() -> list[tuple[str, int]]:
    """(header, width) of each ledger column, in the active language."""
    return [
        (_("Case number"), 16),
        (_("Category"), 18),
        (_("Channel"), 12),
        (_("Priority"), 8),
        (_("Description"), 40),
        (_("Address"), 24),
        (_("District"), 10),
        (_("Township"), 12),
        (_("Community"), 14),
        (_("Grid cell"), 16),
        (_("Platform node"), 14),
        (_("Handling unit"), 18),
        (_("State"), 10),
        (_("Light"), 8),
        (_("Supervised"), 8),
        (_("Shelved"), 8),
        (_("Reporter"), 10),
        (_("Reporter phone"), 14),
        (_("Reported at"), 18),
        (_("Registered at"), 18),
        (_("Dispatched at"), 18),
        (_("Accepted at"), 18),
        (_("Handled at"), 18),
        (_("Closed at"), 18),
        (_("Deadline"), 18),
        (_("Rated at"), 18),
        (_("Escalations"), 8),
        (_("Returns"), 8),
        (_("Reworks"), 8),
        *[(label, 10) for label in _on_time_labels().values()],
        (_("Satisfaction"), 10),
    ]


def _on_time_labels() -> dict[Stage, str]:
    """The ledger's on-time column of each stage, in the active language."""
    return {
        Stage.INTAKE: _("Registered on time"),
        Stage.DISPATCH: _("Dispatched on time"),
        Stage.ACCEPTANCE: _("Accepted on time"),
        Stage.HANDLING: _("Handled on time"),
        Stage.VERIFICATION: _("Verified on time"),
    }


def _stage_counts() -> dict:
    """Per stage, how many events ended it and how many of those were late."""
    counts = {}
    for stage in Stage:
        ended = Q(events__data__stage=stage.value)
        counts[f"{stage.value}_ended"] = Count("events", filter=ended)
        counts[f"{stage.value}_late"] = Count(
            "events", filter=ended & Q(events__data__on_time=False)
        )
    return counts


def _on_time(case, stage: Stage) -> str:
    if getattr(case, f"{stage.value}_late") or (
        stage_of(case.state) == stage and case.light == Light.RED
    ):
        return _("no")
    return _("yes") if getattr(case, f"{stage.value}_ended") else ""


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def ledger_rows(user, node: Region, filters: CaseFilter = NO_FILTER) -> Iterator[list]:
    """One row per case in the node's area that the user may see, oldest first."""
    names = dict(
        Region.objects.filter(path__startswith=node.path)
        .exclude(level=Level.CELL)
        .values_list("code", "name")
    )
    names.update(
        Region.objects.filter(code__in=node.ancestor_codes).values_list("code", "name")
    )
    cases = (
        ledger_cases(user, node, filters)
        .annotate(
            escalations=Count("events", filter=Q(events__action=EventKind.ESCALATE)),
            returns=Count("events", filter=Q(events__action=EventKind.RETURN)),
            reworks=Count("events", filter=Q(events__action=EventKind.VERIFY_FAIL)),
            **_stage_counts(),
        )
        .order_by("created_at", "id")
    )
    revealed = 0
    for c in cases.iterator(chunk_size=1000):
        codes = c.cell.ancestor_codes
        shown = reporter_view(user, c, audit=False)
        phone = shown.phone
        revealed += bool(phone) and not shown.masked
        yield [
            c.number,
            c.category.name,
            c.get_channel_display(),
            c.get_priority_display(),
            c.description,
            c.address,
            names.get(codes[1], ""),
            names.get(codes[2], ""),
            names.get(codes[3], ""),
            c.cell.name,
            c.node.name,
            str(c.handling_unit or ""),
            c.get_state_display(),
            c.get_light_display(),
            _("yes") if c.is_supervised else "",
            _("yes") if c.is_shelved else "",
            c.reporter_name,
            phone,
            _local(c.created_at),
            _local(c.registered_at),
            _local(c.dispatched_at),
            _local(c.accepted_at),
            _local(c.handled_at),
            _local(c.closed_at),
            _local(c.deadline),
            _local(c.rated_at),
            c.escalations,
            c.returns,
            c.reworks,
            *[_on_time(c, stage) for stage in Stage],
            c.get_satisfaction_display(),
        ]
    if revealed:
        audit_record(
            AuditAction.PERSONAL_DATA_SHOWN,
            actor=user,
            target=f"ledger:{node.code}",
            cases=revealed,
        )


def ledger_xlsx(user, node: Region, filters: CaseFilter = NO_FILTER) -> bytes:
    """The ledger as an Excel workbook (streamed row by row into a write-only sheet)."""
    limit_configured("export_user", f"user:{user.pk}")
    book = Workbook(write_only=True)
    sheet = sheet_with_header(book, _("Work ledger"), ledger_columns(), freeze="B2")
    # Stored text is written as text: no formula, no character the format refuses.
    rows = 0
    for row in ledger_rows(user, node, filters):
        sheet.append(xlsx_row(sheet, row))
        rows += 1
    audit_record(
        AuditAction.EXPORT, actor=user, target=f"ledger:{node.code}", rows=rows
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
