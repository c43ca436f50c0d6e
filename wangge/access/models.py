from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField


class KeyScope(models.TextChoices):
    """What a machine client may do with its key."""

    SUBMIT = "submit", _("Submit reports")
    READ = "read", _("Read cases")


class ApiKey(models.Model):
    """A long-lived key for a machine client (Open311 apps, the hotline's system, other
    platforms), acting as a service user.

    Through its key a client reaches its region and nothing else: it submits reports located
    there and reads the cases there, and takes no case action whatever posts its user holds.
    Only the SHA-256 of the key is stored; its first characters are kept to tell keys apart.
    """

    name = models.SlugField(_("name"), max_length=50, unique=True)
    key_hash = models.CharField(_("key hash (SHA-256)"), max_length=64, unique=True)
    prefix = models.CharField(_("key prefix"), max_length=16)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as user"),
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the client may submit reports and what it may read."),
    )
    may_submit = models.BooleanField(_("may submit reports"), default=True)
    may_read = models.BooleanField(_("may read cases"), default=True)
    hits_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=120,
        validators=[MinValueValidator(1)],
    )
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        # The table the key had when it lived in the api app: moved in state only.
        db_table = "api_apikey"
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def scopes(self) -> list[str]:
        return [
            scope
            for scope, granted in (
                (KeyScope.SUBMIT, self.may_submit),
                (KeyScope.READ, self.may_read),
            )
            if granted
        ]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes
