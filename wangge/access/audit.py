"""Who may read the audit trail (the city management office and superusers), and what they see.

The trail covers the whole city (sign-ins, exports, reveals of personal data), so it is
not split by jurisdiction: reading it is itself a city-level power. Its entries hold
usernames, client addresses and what was touched (a case number, a ledger, a key's
name); a mobile or ID number can still reach one through a field a person typed (the
username tried at a failed sign-in), so every text is shown, sent and exported with such
numbers masked.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from wangge.access.jurisdiction import jurisdiction_of
from wangge.access.personal_data import mask_long_numbers
from wangge.audit.models import AuditAction, AuditEntry
from wangge.audit.selectors import AuditFilter, audit_entry_list, audit_entry_span
from wangge.audit.services import ChainCheck, audit_record, chain_verify
from wangge.core.ratelimit import Limit, limit_configured, limit_hit
from wangge.core.spreadsheets import sheet_with_header, xlsx_row
from wangge.people.roles import Role

AUDIT_EXPORT_CAP = 50_000
# A check of the filtered stretch recomputes at most this many of its newest entries
# (about a second); the whole chain is checked only when asked for, a few times an hour.
VERIFY_SPAN_CAP = 100_000
VERIFY_LIMIT = Limit(hits=10, seconds=3600)
# Files up to this size stay in memory; larger ones go to disk while they are written.
_SPOOL_BYTES = 4 * 1024 * 1024


def may_read_audit(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    j = jurisdiction_of(user)
    return j.is_global or Role.CITY_OFFICE in j.roles


def audit_reader_check(user: Any) -> None:
    """404 for anyone who may not read the trail, as for a page that does not exist."""
    if not may_read_audit(user):
        raise Http404("No such page.")


def audit_chain_check(
    user: Any, filters: AuditFilter, *, whole: bool = False
) -> ChainCheck:
    """Recompute the chain over the stretch the filtered entries lie in, or all of it.

    The stretch runs from the oldest to the newest matching entry, every entry between
    them included (a gap is what a removal looks like), capped at its newest
    `VERIFY_SPAN_CAP` entries.
    """
    audit_reader_check(user)
    limit_hit("audit_verify", f"user:{user.pk}", VERIFY_LIMIT)
    if whole:
        return chain_verify()
    first_id, last_id = audit_entry_span(filters)
    if last_id is None:
        return ChainCheck(0, None, None, None, 0.0)
    first_id = max(first_id or 1, last_id - VERIFY_SPAN_CAP + 1)
    return chain_verify(first_id=first_id, last_id=last_id)


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_long_numbers(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


@dataclass(frozen=True)
class AuditRow:
    """One entry as its reader sees it: mobile and ID numbers masked in every text."""

    id: int
    at: datetime
    action: str
    action_label: str
    actor: str
    address: str
    target: str
    detail: dict

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRow:
        return cls(
            id=entry.id,
            at=entry.at,
            action=entry.action,
            action_label=str(entry.get_action_display()),
            actor=mask_long_numbers(entry.actor),
            address=entry.address,
            target=mask_long_numbers(entry.target),
            detail=_masked(entry.detail),
        )

    def detail_text(self) -> str:
        return ", ".join(f"{key}: {value}" for key, value in self.detail.items())


def _columns() -> list[tuple[str, int]]:
    return [
        (_("Entry"), 10),
        (_("At"), 20),
        (_("Action"), 18),
        (_("Actor"), 18),
        (_("Client address"), 18),
        (_("Target"), 30),
        (_("Detail"), 50),
    ]


def audit_xlsx(user: Any, filters: AuditFilter) -> IO[bytes]:
    """The entries matching `filters`, newest first, as a workbook rewound to its start.

    Counts against the reader's export limit, and is itself an entry of the trail (with
    the filters it used, masked as the rows are).
    """
    audit_reader_check(user)
    limit_configured("export_user", f"user:{user.pk}")
    book = Workbook(write_only=True)
    sheet = sheet_with_header(book, _("Audit trail"), _columns())
    written, truncated = 0, False
    entries = audit_entry_list(filters)[: AUDIT_EXPORT_CAP + 1]
    for entry in entries.iterator(chunk_size=2000):
        if written == AUDIT_EXPORT_CAP:
            truncated = True
            break
        row = AuditRow.of(entry)
        local = timezone.localtime(row.at).replace(tzinfo=None)
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row.id,
                    local,
                    row.action_label,
                    row.actor,
                    row.address,
                    row.target,
                    row.detail_text(),
                ],
            )
        )
        written += 1
    if truncated:
        note = _(
            "Only the newest %(cap)d entries are exported: narrow the filters for the rest."
        ) % {"cap": AUDIT_EXPORT_CAP}
        sheet.append(xlsx_row(sheet, [note]))
    audit_record(
        AuditAction.EXPORT,
        actor=user,
        target="audit",
        rows=written,
        filters=_masked(_filter_summary(filters)),
    )
    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    book.save(out)
    out.seek(0)
    return out


def _filter_summary(filters: AuditFilter) -> dict[str, str]:
    summary = {
        "since": filters.since.isoformat() if filters.since else "",
        "until": filters.until.isoformat() if filters.until else "",
        "action": filters.action,
        "actor": filters.actor,
        "text": filters.text,
        "address": filters.address,
    }
    return {key: value for key, value in summary.items() if value}
