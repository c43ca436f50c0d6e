"""Admin-site rules from jurisdiction: an administrator edits only inside their area.

Superusers see everything. A user with an `admin` post (see people.roles.ADMIN_ROLES) sees
and edits the objects of that post's subtree and nothing else; objects outside it answer
404 in the admin as everywhere else.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

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
            jurisdiction.paths_q(
                self.region_path_field, j.admin_paths, everything=j.is_global
            )
        ).distinct()

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        """404 for an object outside the administrator's area, as for one that does not exist.

        Django's admin would redirect to the index with "does not exist"; the rest of the
        platform answers 404, and so does the admin.
        """
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such object.")
        return obj

    def _allowed(self, request, obj=None) -> bool:
        if not jurisdiction.can_administer(request.user):
            return False
        return (
            obj is None
            or self.scope(request, type(obj).objects.filter(pk=obj.pk)).exists()
        )

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
        """Foreign keys to regions, departments and people offer only what the user administers."""
        choices = administered_choices(request.user, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Many-to-many links to people offer only the people the user administers."""
        choices = administered_choices(request.user, db_field.related_model)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def administered_choices(user, model) -> QuerySet | None:
    """The rows of `model` an administrator may pick in a form; None for models not scoped here.

    Shared by JurisdictionAdmin and by inlines, which are not ModelAdmins.
    """
    from wangge.people.models import Department
    from wangge.regions.models import Region

    j = jurisdiction.jurisdiction_of(user)
    if model is Region:
        return Region.objects.filter(
            jurisdiction.paths_q("path", j.admin_paths, everything=j.is_global)
        )
    if model is Department:
        return Department.objects.filter(
            jurisdiction.paths_q("region__path", j.admin_paths, everything=j.is_global)
        )
    if model is get_user_model():
        return jurisdiction.users_administered_by(user)
    return None


class SuperuserAdmin(admin.ModelAdmin):
    """City-wide settings and machine records: only superusers see or change them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class SuperuserReadOnlyAdmin(SuperuserAdmin):
    """Records written only by services: superusers may read them, nobody edits them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
