from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wangge.access.admin import JurisdictionAdmin, SuperuserAdmin
from wangge.cases.deadlines import reschedule_escalations
from wangge.cases.models import (
    Case,
    CaseEvent,
    EscalationPolicy,
    RoutingRule,
    StageLimit,
)
from wangge.cases.reporter import reporter_view
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

    # The reporter's contact data is shown through `reporter_view`, masked as everywhere.
    _REPORTER_CONTACT = ("reporter_phone", "reporter_email")

    def get_readonly_fields(self, request, obj=None):
        return [
            f.name if f.name not in self._REPORTER_CONTACT else f"{f.name}_shown"
            for f in Case._meta.fields
        ]

    # The page is read-only: it shows these fields, the contact data through the methods.
    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def get_object(self, request, object_id, from_field=None):
        case = super().get_object(request, object_id, from_field)
        if case is not None:
            # The display methods get the object only: it carries what this reader sees.
            case.reporter_shown = reporter_view(request.user, case)
        return case

    @admin.display(description=_("reporter phone"))
    def reporter_phone_shown(self, obj: Case) -> str:
        return obj.reporter_shown.phone

    @admin.display(description=_("reporter email"))
    def reporter_email_shown(self, obj: Case) -> str:
        return obj.reporter_shown.email or ""

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
