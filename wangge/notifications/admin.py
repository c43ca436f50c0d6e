"""Admin for notifications: superusers look into inboxes and the outbox, and retry failures."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from wangge.access.admin import SuperuserReadOnlyAdmin
from wangge.notifications.models import Notification, OutboundMessage
from wangge.notifications.services import outbound_message_retry


@admin.register(Notification)
class NotificationAdmin(SuperuserReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "case", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__username", "case__number"]
    list_select_related = ["recipient", "case", "case__category"]
    date_hierarchy = "created_at"


@admin.register(OutboundMessage)
class OutboundMessageAdmin(SuperuserReadOnlyAdmin):
    list_display = [
        "created_at",
        "channel",
        "address",
        "case",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["address", "case__number"]
    list_select_related = ["case", "case__category"]
    date_hierarchy = "created_at"
    actions = ["retry"]

    @admin.action(description=gettext_lazy("Queue failed messages for delivery again"))
    def retry(self, request, queryset):
        queued = outbound_message_retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued again.",
                "%(count)d messages queued again.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
