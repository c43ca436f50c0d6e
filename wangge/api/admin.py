"""Admin for people's API tokens: who holds one, since when; revoke them.

No secret is shown: only its first characters (to tell tokens apart) and its last use.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from wangge.access.admin import SuperuserAdmin
from wangge.api.models import ApiToken
from wangge.api.services import api_tokens_revoke


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
