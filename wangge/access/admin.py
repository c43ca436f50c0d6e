"""Admin-site rules from jurisdiction: an administrator edits only inside their area.

Superusers see everything. A user with an `admin` post (see people.roles.ADMIN_ROLES) sees
and edits the objects of that post's subtree and nothing else; objects outside it answer
404 in the admin as everywhere else.
"""

from django.contrib import admin
from django.db.models import QuerySet

from wangge.access import jurisdiction


class JurisdictionAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows, choices and permissions all start from `access.jurisdiction`.

    `region_path_field` names the lookup to a region path column for this model, e.g.
    "path" for Region itself or "region__path" for a Post.
    """

    region_path_field: str = "region__path"

    def scope(self, request, queryset: QuerySet) -> QuerySet:
        j = jurisdiction.jurisdiction_of(request.user)
        return queryset.filter(
            jurisdiction.paths_q(self.region_path_field, j.admin_paths, everything=j.is_global)
        ).distinct()

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def _allowed(self, request, obj=None) -> bool:
        if not jurisdiction.can_administer(request.user):
            return False
        return obj is None or self.scope(request, type(obj).objects.filter(pk=obj.pk)).exists()

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Foreign keys to regions and departments offer only what the user administers."""
        from wangge.people.models import Department
        from wangge.regions.models import Region

        j = jurisdiction.jurisdiction_of(request.user)
        if db_field.related_model is Region:
            kwargs["queryset"] = Region.objects.filter(
                jurisdiction.paths_q("path", j.admin_paths, everything=j.is_global)
            )
        elif db_field.related_model is Department:
            kwargs["queryset"] = Department.objects.filter(
                jurisdiction.paths_q("region__path", j.admin_paths, everything=j.is_global)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


