"""REST v1 for the audit trail: its entries, filtered, newest first (the city office only)."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from wangge.access.audit import AuditRow, audit_reader_check
from wangge.audit.models import AuditAction
from wangge.audit.selectors import AuditFilter, audit_entry_list, audit_entry_page
from wangge.core.schemas import ErrorOut

router = Router(tags=["audit"])


class AuditQuery(Schema):
    since: datetime | None = Field(None, description="Entries at or after this instant")
    until: datetime | None = Field(None, description="Entries before this instant")
    action: AuditAction | None = None
    actor: str = Field("", max_length=150, description="The actor's username, exactly")
    text: str = Field("", max_length=200, description="Part of the target")
    address: str = Field(
        "", max_length=45, description="The client address or its beginning"
    )
    before: int | None = Field(
        None, ge=1, description="The `next` of the page before: entries older than it"
    )
    limit: int = Field(50, ge=1, le=200)

    def audit_filter(self) -> AuditFilter:
        return AuditFilter(
            since=self.since,
            until=self.until,
            action=self.action or "",
            actor=self.actor.strip(),
            text=self.text.strip(),
            address=self.address.strip(),
        )


class AuditEntryOut(Schema):
    id: int
    at: datetime
    action: str
    action_label: str
    actor: str
    address: str
    target: str = Field(description="What was touched; mobile and ID numbers masked")
    detail: dict


class AuditListOut(Schema):
    count: int
    items: list[AuditEntryOut]
    next: int | None = Field(description="Pass as `before` for the next page")


@router.get(
    "/audit",
    response={200: AuditListOut, 404: ErrorOut},
    summary="The audit trail, newest first (city office)",
)
def audit_list(request, query: Query[AuditQuery]):
    """Entries matching the filters, newest first, `limit` of them older than `before`;
    404 for everyone but the city management office and superusers."""
    audit_reader_check(request.user)
    filters = query.audit_filter()
    page = audit_entry_page(filters, before=query.before, size=query.limit)
    return {
        "count": audit_entry_list(filters).count(),
        "items": [AuditRow.of(entry) for entry in page.entries],
        "next": page.next_before,
    }
