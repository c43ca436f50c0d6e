from django.contrib import admin

from wangge.access.admin import JurisdictionAdmin, SuperuserAdmin
from wangge.cases.deadlines import reschedule_escalations
from wangge.cases.models import (
    Case,
    CaseEvent,
    EscalationPolicy,
    RoutingRule,
    StageLimit,
)
from wangge.catalogue.admin import CatalogueManagerOnly


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["created_at", "action", "from_state", "to_state", "actor", "node", "note"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(JurisdictionAdmin):
    """Cases are read here; their state changes only through the workbench and the API."""

    region_path_field = "cell_path"
    list_display = [
        "number",
        "category",
        "state",
        "light",
        "node",
        "channel",
        "created_at",
    ]
    list_filter = ["state", "light", "channel", "is_supervised", "is_shelved"]
    search_fields = ["number", "description", "address"]
    date_hierarchy = "created_at"
    inlines = [CaseEventInline]
    list_select_related = ["category", "node"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(JurisdictionAdmin):
    region_path_field = "region__path"
    list_display = [
        "region",
        "category",
        "territorial_level",
        "department_kind",
        "department_level",
    ]
    list_filter = ["territorial_level", "department_kind", "department_level"]
    raw_id_fields = ["region", "category"]


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(SuperuserAdmin):
    list_display = ["node_level", "enabled", "grace_hours"]
    list_editable = ["enabled", "grace_hours"]
    list_display_links = ["node_level"]

    # Open cases were scheduled by the policy in force then: apply the new one to them.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        levels = {obj.node_level, form.initial.get("node_level") if change else None}
        for level in levels - {None}:
            reschedule_escalations(level)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reschedule_escalations(obj.node_level)

    def delete_queryset(self, request, queryset):
        levels = list(queryset.values_list("node_level", flat=True))
        super().delete_queryset(request, queryset)
        for level in levels:
            reschedule_escalations(level)


@admin.register(StageLimit)
class StageLimitAdmin(CatalogueManagerOnly, admin.ModelAdmin):
    """The city management office sets the stage limits, as it sets the catalogue's limits.

    A change applies to stages that start after it; running clocks keep their deadline.
    """

    list_display = ["stage", "node_level", "amount", "unit"]
    list_editable = ["amount", "unit"]
    list_display_links = ["stage"]
    list_filter = ["stage", "node_level"]
