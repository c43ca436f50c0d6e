"""REST v1 for the audit trail (the city office only): its entries, filtered, newest first;
a check of its chain over the stretch they lie in; and the same entries as a workbook."""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from wangge.access.audit import (
    AUDIT_EXPORT_CAP,
    VERIFY_SPAN_CAP,
    AuditRow,
    audit_chain_check,
    audit_reader_check,
    audit_xlsx,
)
from wangge.audit.models import AuditAction
from wangge.audit.selectors import AuditFilter, audit_entry_list, audit_entry_page
from wangge.core.downloads import XLSX, dated, download
from wangge.core.schemas import ErrorOut, file_answer

router = Router(tags=["audit"])


class AuditFilterQuery(Schema):
    """The filters of the trail; each is optional."""

    since: datetime | None = Field(None, description="Entries at or after this instant")
    until: datetime | None = Field(None, description="Entries before this instant")
    action: AuditAction | None = None
    actor: str = Field("", max_length=150, description="The actor's username, exactly")
    text: str = Field("", max_length=200, description="Part of the target")
    address: str = Field(
        "", max_length=45, description="The client address or its beginning"
    )

    def audit_filter(self) -> AuditFilter:
        return AuditFilter(
            since=self.since,
            until=self.until,
            action=self.action or "",
            actor=self.actor.strip(),
            text=self.text.strip(),
            address=self.address.strip(),
        )


class AuditQuery(AuditFilterQuery):
    before: int | None = Field(
        None, ge=1, description="The `next` of the page before: entries older than it"
    )
    limit: int = Field(50, ge=1, le=200)


class AuditVerifyIn(AuditFilterQuery):
    whole: bool = Field(
        False,
        description="Check the whole chain from its start instead of the filtered stretch",
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


class ChainBreakOut(Schema):
    id: int = Field(description="The first entry that does not fit the one before it")
    reason: Literal["previous", "digest"] = Field(
        description="`previous`: it does not name the digest of the entry before it "
        "(an entry removed, inserted or rewritten before it); `digest`: its own "
        "content was changed"
    )


class ChainCheckOut(Schema):
    """What the check found, as the audit page shows it."""

    whole: bool = Field(description="The whole chain was checked, not a stretch")
    intact: bool
    checked: int = Field(description="How many entries were recomputed")
    first_id: int | None
    last_id: int | None
    broken: ChainBreakOut | None = Field(description="Null while the chain is intact")
    seconds: float = Field(description="How long the check took")


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


@router.post(
    "/audit/verify",
    response={200: ChainCheckOut, 404: ErrorOut, 429: ErrorOut},
    summary="Check the audit chain over the filtered stretch or whole (city office)",
    description="Recomputes the digests from the oldest to the newest entry matching the "
    f"filters, every entry between them included (at most the newest {VERIFY_SPAN_CAP:,}), "
    "or the whole chain with `whole`. At most 10 checks an hour per reader (429).",
)
def audit_verify(request, payload: AuditVerifyIn):
    check = audit_chain_check(request.user, payload.audit_filter(), whole=payload.whole)
    broken = (
        {"id": check.broken[0], "reason": check.broken[1]} if check.broken else None
    )
    return {
        "whole": payload.whole,
        "intact": check.intact,
        "checked": check.checked,
        "first_id": check.first_id,
        "last_id": check.last_id,
        "broken": broken,
        "seconds": check.seconds,
    }


@router.get(
    "/audit/export.xlsx",
    response={200: None, 404: ErrorOut, 429: ErrorOut},
    summary="The filtered audit trail as an Excel workbook (city office)",
    openapi_extra=file_answer(
        XLSX,
        f"The entries, newest first (at most {AUDIT_EXPORT_CAP:,}), "
        "mobile and ID numbers masked",
    ),
)
def audit_export(request, query: Query[AuditFilterQuery]):
    """The entries matching the filters; counted against the export limit, and itself
    an entry of the trail."""
    data = audit_xlsx(request.user, query.audit_filter())
    return download(data, dated("audit", "xlsx"), XLSX)
