from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "sign_out", _("Signed out")
    REFUSED = "refused", _("Permission refused")
    PERSONAL_DATA_SHOWN = "personal_data_shown", _("Personal data shown")
    EXPORT = "export", _("Exported")
    ADMIN_CHANGE = "admin_change", _("Administrative change")
    API_KEY_USED = "api_key_used", _("API key used")
    API_KEY_CHANGED = "api_key_changed", _("API key created or revoked")
    CASE_IMPORT = "case_import", _("Historical cases imported")


class AuditEntry(models.Model):
    """One thing that happened, chained to the entry before it.

    `digest` is the SHA-256 of the previous entry's digest and this entry's fields
    (`wangge.audit.chain`), so changing, removing or inserting a row breaks every digest
    after it; `verify_audit` names the first that no longer fits. On PostgreSQL a trigger
    refuses UPDATE and DELETE outright. The actor is kept by id and username, not as a
    foreign key: the record outlives the account and never changes with it.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("at"), db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor = models.CharField(_("actor"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=45, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous = models.CharField(_("previous digest"), max_length=64)
    digest = models.CharField(_("digest"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["actor_id", "at"], name="audit_actor_at")]

    def __str__(self) -> str:
        return f"#{self.id} {self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"
