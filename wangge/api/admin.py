"""Admin for API keys and tokens: see who has one, revoke it; a new key is shown once.

Neither shows a secret: only its first characters (to tell them apart) and its last use.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wangge.access.admin import SuperuserAdmin
from wangge.api.models import ApiKey, ApiToken
from wangge.api.services import api_key_create, api_key_revoke, api_tokens_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(SuperuserAdmin):
    """Machine-client keys: superusers only, since a key acts with its user's jurisdiction."""

    list_display = [
        "name",
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # The name and user of an existing key stay as they were issued.
        if obj is not None:
            return ["name", "user", *self.readonly_fields]
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
        secret, key = api_key_create(
            name=obj.name, user=obj.user if obj.user_id else None
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


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserAdmin):
    """People's bearer tokens: who holds one, since when, last used; revoked by deletion."""

    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at"]
    list_filter = ["expires_at"]
    search_fields = ["prefix", "user__username"]
    fields = ["prefix", "user", "created_at", "expires_at", "last_used_at"]
    readonly_fields = fields
    list_select_related = ["user"]
    actions = ["revoke_all_of_their_holders"]

    def has_add_permission(self, request):
        # A token is obtained with a password (POST /api/v1/auth/token), never made here.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(
        description=gettext_lazy("Revoke every token of the selected tokens' holders")
    )
    def revoke_all_of_their_holders(self, request, queryset):
        count = sum(
            api_tokens_revoke(user=user)
            for user in {token.user for token in queryset.select_related("user")}
        )
        message = ngettext(
            "%(count)d API token revoked.", "%(count)d API tokens revoked.", count
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)
