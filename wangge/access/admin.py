"""Admin-site rules from jurisdiction: an administrator edits only inside their area.

Superusers see everything. A user with an `admin` post (see people.roles.ADMIN_ROLES) sees
and edits the objects of that post's subtree and nothing else; objects outside it answer
404 in the admin as everywhere else.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wangge.access import jurisdiction
from wangge.access.api_keys import (
    ApiKey,
    KeyScope,
    api_key_create,
    api_key_revoke,
)


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


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = [
            "name",
            "user",
            "region",
            "may_submit",
            "may_read",
            "hits_per_minute",
        ]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("may_submit") or cleaned.get("may_read")):
            raise ValidationError(
                {"may_read": _("A key must at least submit reports or read cases.")}
            )
        return cleaned


@admin.register(ApiKey)
class ApiKeyAdmin(SuperuserAdmin):
    """Machine-client keys: superusers only, since a key opens a region to a machine."""

    form = ApiKeyForm
    list_display = [
        "name",
        "prefix",
        "user",
        "region",
        "may_submit",
        "may_read",
        "hits_per_minute",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [
        ("revoked_at", admin.EmptyFieldListFilter),
        "may_submit",
        "may_read",
    ]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user", "region"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # The name, user and region of an existing key stay as they were issued.
        if obj is not None:
            return ["name", "user", "region", *self.readonly_fields]
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "user" in form.base_fields:
            form.base_fields["user"].required = False
            form.base_fields["user"].help_text = _(
                "Leave empty to act as a new service user api-NAME with no password."
            )
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        scopes = [scope for scope in KeyScope.values if getattr(obj, f"may_{scope}")]
        secret, key = api_key_create(
            name=obj.name,
            user=obj.user if obj.user_id else None,
            region=obj.region,
            scopes=scopes,
            hits_per_minute=obj.hits_per_minute,
        )
        # The admin goes on with `obj` (log entry, redirect): make it the row just created.
        obj.pk, obj.user, obj.prefix, obj.key_hash, obj.created_at = (
            key.pk,
            key.user,
            key.prefix,
            key.key_hash,
            key.created_at,
        )
        obj._state.adding = False
        self.message_user(
            request,
            _("The new API key is %(key)s. Copy it now: it is not shown again.")
            % {"key": secret},
            messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Revoke the selected API keys"))
    def revoke(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            api_key_revoke(key=key)
            count += 1
        message = ngettext(
            "%(count)d API key revoked.", "%(count)d API keys revoked.", count
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)
