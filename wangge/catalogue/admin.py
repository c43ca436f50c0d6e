"""Admin for the catalogue: the city's administrators and city management office edit it here.

Permissions come from `catalogue.permissions`, not from Django model permissions, so a
post (admin or city_office at the city) is what grants access, as everywhere else.
"""

from django.contrib import admin
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from wangge.catalogue.formats import CONTENT_TYPES
from wangge.catalogue.models import Attribute, Category, DefaultHandlingUnit
from wangge.catalogue.permissions import can_manage_catalogue
from wangge.catalogue.selectors import catalogue_export


class CatalogueManagerOnly:
    """Every permission of the admin page answers `can_manage_catalogue`."""

    def has_module_permission(self, request):
        return can_manage_catalogue(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_catalogue(request.user)

    def has_add_permission(self, request, obj=None):
        return can_manage_catalogue(request.user)

    def has_change_permission(self, request, obj=None):
        return can_manage_catalogue(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_manage_catalogue(request.user)


class AttributeInline(CatalogueManagerOnly, admin.TabularInline):
    model = Attribute
    extra = 0
    fields = ("position", "code", "label", "type", "choices", "required", "help_text")


class DefaultHandlingUnitInline(CatalogueManagerOnly, admin.TabularInline):
    model = DefaultHandlingUnit
    extra = 0
    max_num = 4
    fields = ("level", "unit")


EXPORT_LABELS = {
    "xlsx": _("Export selected categories as Excel (xlsx)"),
    "csv": _("Export selected categories as CSV"),
    "json": _("Export selected categories as JSON"),
}


def _export_action(fmt: str):
    @admin.action(description=EXPORT_LABELS[fmt])
    def export(modeladmin, request, queryset):
        response = HttpResponse(
            catalogue_export(fmt, queryset), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="catalogue.{fmt}"'
        return response

    export.__name__ = f"export_{fmt}"
    return export


@admin.register(Category)
class CategoryAdmin(CatalogueManagerOnly, admin.ModelAdmin):
    list_display = (
        "code",
        "tree_name",
        "kind",
        "parent",
        "limit_display",
        "responsibility_display",
        "is_active",
    )
    list_filter = ("kind", "is_active", "responsibility", "department_kind", "source")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    # Each major category, then its minor ones: a tree read as a list.
    ordering = (
        Coalesce("parent__code", "code").asc(),
        F("parent").asc(nulls_first=True),
        "code",
    )
    inlines = (AttributeInline, DefaultHandlingUnitInline)
    actions = [_export_action(fmt) for fmt in ("xlsx", "csv", "json")]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "parent",
                    "kind",
                    "name",
                    "description",
                    "is_active",
                    "source",
                )
            },
        ),
        (
            _("Registration and closing"),
            {"fields": ("registration_conditions", "closing_conditions")},
        ),
        (
            _("Time limits (working time)"),
            {
                "fields": (
                    ("limit_amount", "limit_unit"),
                    ("urgent_limit_amount", "urgent_limit_unit"),
                )
            },
        ),
        (
            _("Responsibility"),
            {
                "fields": (
                    "responsibility",
                    "territorial_level",
                    ("department_kind", "department_level"),
                )
            },
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("name"), ordering="name")
    def tree_name(self, obj: Category) -> str:
        return f"└ {obj.name}" if obj.is_minor else obj.name

    @admin.display(description=_("time limit"))
    def limit_display(self, obj: Category) -> str:
        if obj.handling_limit is None:
            return "-"
        if obj.urgent_limit is None:
            return str(obj.handling_limit)
        return _("%(limit)s (urgent: %(urgent)s)") % {
            "limit": obj.handling_limit,
            "urgent": obj.urgent_limit,
        }

    @admin.display(description=_("responsibility"), ordering="responsibility")
    def responsibility_display(self, obj: Category) -> str:
        if not obj.responsibility:
            return "-"
        if obj.is_territorial:
            where = obj.get_territorial_level_display()
        else:
            where = f"{obj.get_department_level_display()} · {obj.get_department_kind_display()}"
        return f"{obj.get_responsibility_display()} ({where})"
