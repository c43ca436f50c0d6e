"""Staff inbox pages: thin views over `notifications.selectors` and `services`."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from wangge.notifications import selectors, services

PAGE_SIZE = 30
# htmx event that tells the header badge to count again.
CHANGED_EVENT = "notifications-changed"


@login_required
@require_GET
def inbox(request):
    """The reader's inbox, unread items first; `?unread=1` shows only the unread ones."""
    unread_only = request.GET.get("unread") == "1"
    items = selectors.inbox_for(request.user, unread_only=unread_only)
    context = {
        "page": Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")),
        "unread_only": unread_only,
        "unread": selectors.unread_count(request.user),
    }
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def mark_read(request, pk: int):
    """Mark one of the reader's items read: htmx gets the item back, a plain form the inbox."""
    notification = selectors.notification_get(request.user, pk)
    services.notification_mark_read(request.user, [notification.pk])
    if not request.headers.get("HX-Request"):
        return redirect("notifications:inbox")
    notification.refresh_from_db(fields=["read_at"])
    response = render(
        request, "notifications/notification_item.html", {"notification": notification}
    )
    response["HX-Trigger"] = CHANGED_EVENT
    return response


@login_required
@require_POST
def mark_all_read(request):
    """Mark every item of the reader's inbox read."""
    services.notification_mark_all_read(request.user)
    return redirect("notifications:inbox")


@login_required
@require_GET
def badge(request):
    """The header's inbox link with the unread count; htmx refreshes it."""
    return render(request, "notifications/inbox_badge.html")
