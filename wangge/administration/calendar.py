"""Admin for the working calendar: holidays, make-up working days and office hours.

The calendar is the same for the whole city, so only superusers, the city management office
and administrators posted at the city may see or change it.
"""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wangge.access.jurisdiction import jurisdiction_of
from wangge.core.models import CalendarDay, CalendarDaySource, OfficeHours
from wangge.people.roles import Role


def may_edit_calendar(user) -> bool:
    """Whether a user keeps the city's working calendar."""
    j = jurisdiction_of(user)
    # An admin path with a single code ("/410100/") is a post at the city itself.
    city_admin = any(path.strip("/").count("/") == 0 for path in j.admin_paths)
    return j.is_global or city_admin or Role.CITY_OFFICE in j.roles


class CalendarPermissions:
    """The same rule for every permission: the calendar's keepers may do everything."""

    def has_module_permission(self, request):
        return may_edit_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return may_edit_calendar(request.user)

    def has_add_permission(self, request):
        return may_edit_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return may_edit_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_edit_calendar(request.user)


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarPermissions, admin.ModelAdmin):
    """Days that break the weekday rule; enter next year's once the State Council publishes them."""

    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = ["kind", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]
    ordering = ["-date"]
    readonly_fields = ["source"]
    fields = ["date", "kind", "name", "source"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return date_format(obj.date, "l")

    def save_model(self, request, obj, form, change):
        # A row corrected by hand is no longer what the package said.
        obj.source = CalendarDaySource.MANUAL
        super().save_model(request, obj, form, change)


@admin.register(OfficeHours)
class OfficeHoursAdmin(CalendarPermissions, admin.ModelAdmin):
    """The office periods of every working day; deadlines count only these."""

    list_display = ["__str__", "start", "end"]
    ordering = ["start"]
