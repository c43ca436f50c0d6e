"""What the public portal keeps: tracking codes, phone confirmations, abuse counters, office phones.

No row here holds a secret or a phone number in the clear: tracking codes, one-time codes
and the phones they confirm are stored as keyed hashes (`portal.codes`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField, TimeStampedModel


class ResidentReport(TimeStampedModel):
    """A case a resident filed through the portal, and the hash of its secret tracking code.

    The case number is the tracking number; the number and the code together let anyone
    holding both follow the case and rate it, without an account.
    """

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="resident_report",
    )
    code_hash = models.CharField(_("tracking code (hash)"), max_length=64)
    phone_confirmed = models.BooleanField(_("phone confirmed"), default=False)

    class Meta:
        verbose_name = _("resident report")
        verbose_name_plural = _("resident reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.case_id)


class PhoneChallenge(models.Model):
    """A one-time code sent by SMS to confirm a reporter's phone: short-lived, few attempts."""

    phone_hash = models.CharField(_("phone (hash)"), max_length=64)
    code_hash = models.CharField(_("code (hash)"), max_length=64)
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone challenge")
        verbose_name_plural = _("phone challenges")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["phone_hash", "created_at"], name="challenge_phone")
        ]

    def __str__(self) -> str:
        return f"{self.phone_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"


class PublicContact(TimeStampedModel):
    """The office phone of a post, shown on the public notice board (五公开).

    A person's own `User.phone` is private and never public; the board shows this number
    or none.
    """

    post = models.OneToOneField(
        "people.Post",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="public_contact",
    )
    office_phone = models.CharField(_("office phone"), max_length=32)

    class Meta:
        verbose_name = _("public contact")
        verbose_name_plural = _("public contacts")
        ordering = ["post_id"]

    def __str__(self) -> str:
        return self.office_phone
