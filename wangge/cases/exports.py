"""The case list as an Excel workbook: the same cases, order and masking as the list shows.

The rows come from `case_list` (the reader's jurisdiction, the list's filters, "my work"
if asked) in the list's sort, read in chunks into a write-only sheet spooled to a
temporary file, so a large export holds neither its rows nor its file in memory. It stops
at `EXPORT_CAP` cases and says so in its last row; the ledger is the place for a whole
area's history.
"""

from __future__ import annotations

import tempfile
from typing import IO, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record
from wangge.cases.reporter import reporter_view
from wangge.cases.selectors import (
    CASE_SORTS,
    NEWEST_FIRST,
    NO_FILTER,
    CaseFilter,
    case_list,
)
from wangge.core.ratelimit import limit_configured
from wangge.core.spreadsheets import sheet_with_header, xlsx_row

EXPORT_CAP = 10_000
# Files up to this size stay in memory; larger ones go to disk while they are written.
_SPOOL_BYTES = 4 * 1024 * 1024


def _columns() -> list[tuple[str, int]]:
    """(header, width) of each column, in the active language."""
    return [
        (_("Case number"), 16),
        (_("Category"), 18),
        (_("State"), 10),
        (_("Light"), 8),
        (_("Channel"), 10),
        (_("Description"), 40),
        (_("Address"), 24),
        (_("Grid cell"), 16),
        (_("Platform node"), 14),
        (_("Handling unit"), 18),
        (_("Supervised"), 8),
        (_("Shelved"), 8),
        (_("Reporter"), 10),
        (_("Reporter phone"), 14),
        (_("Reported at"), 18),
        (_("Deadline"), 18),
    ]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def export_rows(
    user: Any,
    filters: CaseFilter = NO_FILTER,
    *,
    narrowed: Q | None = None,
    sort: str = NEWEST_FIRST,
):
    """One row per case of the reader's list, in its order, up to one past `EXPORT_CAP`
    (which tells the workbook that there are more)."""
    order = CASE_SORTS.get(sort, CASE_SORTS[NEWEST_FIRST])
    cases = (
        case_list(user, filters)
        .prefetch_related("assists")
        .defer("cell__boundary", "node__boundary", "handler_region__boundary")
    )
    if narrowed is not None:
        cases = cases.filter(narrowed)
    cases = order.keyed(cases).order_by(*order.ordering())[: EXPORT_CAP + 1]
    for c in cases.iterator(chunk_size=1000):
        yield [
            c.number,
            c.category.name,
            c.get_state_display(),
            c.get_light_display() if c.is_open and c.deadline else "",
            c.get_channel_display(),
            c.description,
            c.address,
            c.cell.name,
            c.node.name,
            str(c.handling_unit or ""),
            _("yes") if c.is_supervised else "",
            _("yes") if c.is_shelved else "",
            c.reporter_name,
            reporter_view(user, c).phone,
            _local(c.created_at),
            _local(c.deadline),
        ]


def export_xlsx(
    user: Any,
    filters: CaseFilter = NO_FILTER,
    *,
    narrowed: Q | None = None,
    sort: str = NEWEST_FIRST,
) -> IO[bytes]:
    """The reader's list as a workbook, in a file rewound to its start (close it after).

    Exports count against the reader's limit and each is on the audit trail."""
    limit_configured("export_user", f"user:{user.pk}")
    book = Workbook(write_only=True)
    sheet = sheet_with_header(book, _("Cases"), _columns(), freeze="B2")
    written, truncated = 0, False
    for row in export_rows(user, filters, narrowed=narrowed, sort=sort):
        if written == EXPORT_CAP:
            truncated = True
            break
        sheet.append(xlsx_row(sheet, row))
        written += 1
    audit_record(AuditAction.EXPORT, actor=user, target="cases", rows=written)
    if truncated:
        note = _(
            "Only the first %(cap)d cases are exported: narrow the filters for the rest."
        ) % {"cap": EXPORT_CAP}
        sheet.append(xlsx_row(sheet, [note]))
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    book.save(out)
    out.seek(0)
    return out
