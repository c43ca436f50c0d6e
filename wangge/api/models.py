from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField


class ApiToken(models.Model):
    """A bearer token a person obtained with their password; it expires.

    Only the SHA-256 of the token is stored: the token itself is shown once; its first
    characters are kept to tell tokens apart. A token is revoked by deleting its row: on
    logout, when its person's password changes, or when their last post ends.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    key_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    prefix = models.CharField(_("token prefix"), max_length=16, blank=True)
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "expires_at"], name="apitoken_user_expiry")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}… · {self.created_at:%Y-%m-%d %H:%M}"
