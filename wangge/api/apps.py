from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "wangge.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from wangge.api import receivers
        from wangge.people.signals import password_changed, posts_changed

        password_changed.connect(
            receivers.revoke_tokens_on_password_change,
            dispatch_uid="api-revoke-tokens-on-password-change",
        )
        posts_changed.connect(
            receivers.revoke_tokens_when_last_post_ends,
            dispatch_uid="api-revoke-tokens-when-last-post-ends",
        )
