"""Admin for webhooks: superusers read subscriptions and the delivery log, and replay."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy, ngettext

from wangge.access.admin import SuperuserReadOnlyAdmin
from wangge.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from wangge.webhooks.services import delivery_replay


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(SuperuserReadOnlyAdmin):
    list_display = ["pk", "department", "region", "url", "is_active", "created_by"]
    list_filter = ["is_active"]
    search_fields = ["url", "department__name", "region__name", "region__code"]
    list_select_related = ["department", "region", "created_by"]
    exclude = ["secret"]


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "at", "status_code", "error", "duration_ms"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(SuperuserReadOnlyAdmin):
    list_display = [
        "created_at",
        "event_type",
        "event_id",
        "case",
        "subscription",
        "state",
        "attempts",
        "last_status_code",
        "delivered_at",
    ]
    list_filter = ["state", "event_type"]
    search_fields = ["event_id", "case__number"]
    list_select_related = ["case", "subscription__department", "subscription__region"]
    date_hierarchy = "created_at"
    inlines = [WebhookAttemptInline]
    actions = ["replay"]

    @admin.action(description=gettext_lazy("Send the chosen deliveries again"))
    def replay(self, request, queryset):
        queued = 0
        for delivery in queryset:
            try:
                delivery_replay(delivery=delivery)
                queued += 1
            except ValidationError:
                continue
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.",
                "%(count)d deliveries queued again.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
