"""REST v1 for the staff inbox: the caller's own notifications, and marking them read."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from wangge.core.schemas import ErrorOut, PageOffset, RowId
from wangge.notifications import selectors, services
from wangge.notifications.models import Notification, NotificationKind

router = Router(tags=["inbox"])

MAX_PAGE = 200


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    kind_label: str = Field(description="The kind in the caller's language")
    title: str
    body: str
    case: str | None = Field(description="The number of the case it is about, if any")
    created_at: datetime
    read_at: datetime | None = Field(description="Null while unread")

    @staticmethod
    def resolve_kind_label(notification: Notification) -> str:
        return str(notification.get_kind_display())

    @staticmethod
    def resolve_case(notification: Notification) -> str | None:
        return notification.case.number if notification.case_id else None


class InboxOut(Schema):
    count: int = Field(description="Items matching the query, over all pages")
    unread: int = Field(description="Unread items in the caller's inbox")
    items: list[NotificationOut] = Field(description="Unread first, then newest first")


class InboxQuery(Schema):
    unread_only: bool = Field(False, description="Only the unread items")
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: PageOffset = 0


class MarkReadIn(Schema):
    ids: list[RowId] = Field(
        default_factory=list,
        max_length=MAX_PAGE,
        description="Items to mark read; ids of other people's items are ignored",
    )
    all: bool = Field(False, description="Mark every item of the inbox read")


class MarkReadOut(Schema):
    marked: int = Field(description="Items that changed from unread to read")
    unread: int = Field(description="Unread items left")


@router.get("/inbox", response=InboxOut, summary="The caller's inbox")
def inbox(request, query: Query[InboxQuery]):
    """The caller's own notifications, unread first; nobody sees another person's inbox."""
    items = selectors.inbox_for(request.user, unread_only=query.unread_only)
    return {
        "count": items.count(),
        "unread": selectors.unread_count(request.user),
        "items": list(items[query.offset : query.offset + query.limit]),
    }


@router.post(
    "/inbox/read",
    response={200: MarkReadOut, 400: ErrorOut},
    summary="Mark notifications read",
)
def inbox_read(request, payload: MarkReadIn):
    """Mark the given items (or all) of the caller's inbox read."""
    if payload.all:
        marked = services.notification_mark_all_read(request.user)
    elif payload.ids:
        marked = services.notification_mark_read(request.user, payload.ids)
    else:
        raise ValidationError({"ids": [_("Give the ids to mark read, or all: true.")]})
    return {"marked": marked, "unread": selectors.unread_count(request.user)}
