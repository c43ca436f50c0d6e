from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.cases.workflow import CaseState


class ImmutableRow(Exception):
    """Raised on an attempt to change or delete a record that must stay as written."""


class CaseEvent(models.Model):
    """One thing that happened to a case: who, in which post, at which node, when, from what to what.

    Events are never changed or deleted; a case's timeline is its events, oldest first.
    Flag changes (supervision, extension, shelving, rating, lights) are events too, with
    the state unchanged.
    """

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(
        _("from state"), max_length=16, choices=CaseState.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=16, choices=CaseState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_post = models.ForeignKey(
        "people.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    node = models.ForeignKey(
        "regions.Region",
        verbose_name=_("platform node"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="event_case_time")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRow("case events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow("case events are never deleted")


def attachment_path(instance: "CaseAttachment", filename: str) -> str:
    return f"cases/{instance.case.number[:8]}/{instance.case.number}/{instance.stage}-{filename}"


class CaseAttachment(models.Model):
    """A photo of a case: before handling, after handling, or taken on site at verification."""

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After handling")
        VERIFICATION = "verification", _("Verification")

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage}"

    def get_absolute_url(self) -> str:
        return reverse("case-photo", args=[self.pk])


class IdempotencyRecord(models.Model):
    """The case an intake request created under an `Idempotency-Key`, so a replay returns it."""

    key = models.CharField(_("key"), max_length=128)
    owner = models.CharField(_("client"), max_length=64)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], name="idempotency_owner_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner}:{self.key}"
