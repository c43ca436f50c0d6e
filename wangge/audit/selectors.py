"""Reading the audit trail: its entries filtered, newest first, a page at a time.

Pages are keyed on the entry id (`before`), not numbered: the trail only grows, so a page
stays the same while new entries arrive, and the next page costs one index range scan
however deep it lies, also with a million entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from wangge.audit.models import AuditEntry

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    """What the reader asked for; empty fields do not narrow."""

    since: datetime | None = None
    until: datetime | None = None
    action: str = ""
    actor: str = ""
    text: str = ""
    address: str = ""

    def is_empty(self) -> bool:
        return not any(
            (self.since, self.until, self.action, self.actor, self.text, self.address)
        )


NO_AUDIT_FILTER = AuditFilter()


def audit_entry_list(filters: AuditFilter = NO_AUDIT_FILTER) -> QuerySet[AuditEntry]:
    """The entries matching `filters`, newest first."""
    entries = AuditEntry.objects.all()
    if filters.since is not None:
        entries = entries.filter(at__gte=filters.since)
    if filters.until is not None:
        entries = entries.filter(at__lt=filters.until)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.actor:
        entries = entries.filter(actor__iexact=filters.actor)
    if filters.text:
        entries = entries.filter(target__icontains=filters.text)
    if filters.address:
        entries = entries.filter(address__startswith=filters.address)
    return entries.order_by("-id")


@dataclass(frozen=True)
class AuditPage:
    """One page of entries and the id to ask for the next one with (None: the last page)."""

    entries: list[AuditEntry]
    next_before: int | None


def audit_entry_page(
    filters: AuditFilter = NO_AUDIT_FILTER,
    *,
    before: int | None = None,
    size: int = PAGE_SIZE,
) -> AuditPage:
    """The `size` newest matching entries older than entry `before` (all, without it)."""
    entries = audit_entry_list(filters)
    if before is not None:
        entries = entries.filter(id__lt=before)
    rows = list(entries[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return AuditPage(rows, rows[-1].id if more and rows else None)


def audit_entry_span(filters: AuditFilter) -> tuple[int | None, int | None]:
    """The ids of the oldest and the newest matching entries: the stretch of chain they lie in."""
    entries = audit_entry_list(filters)
    oldest = entries.order_by("id").values_list("id", flat=True).first()
    newest = entries.values_list("id", flat=True).first()
    return oldest, newest
