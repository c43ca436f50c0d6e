"""Notifications: the staff inbox, and messages to reporters through outside channels.

Both are written by `notifications.services` inside the transaction of the change they
report, so a rolled-back change leaves neither an inbox item nor a message behind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.clock import now
from wangge.core.fields import EncryptedTextField


class NotificationKind(models.TextChoices):
    """What an inbox item is about; the slugs are stored and appear in the API."""

    # A new report in the grid: its grid and its community are told (desks see it in their work).
    NEW_CASE = "new_case", _("New case")
    # A case was dispatched to the recipient's handling unit.
    DISPATCHED = "dispatched", _("Case dispatched")
    # A handling unit returned a mis-dispatched case (退回).
    RETURNED = "returned", _("Case returned")
    # A case was escalated to the recipient's node (逐级上报).
    ESCALATED = "escalated", _("Case escalated")
    # A higher node sent a case back down with instructions.
    SENT_DOWN = "sent_down", _("Case sent down")
    # A supervision order (督办) was issued, or its reply arrived.
    SUPERVISION = "supervision", _("Supervision order")
    SUPERVISION_REPLIED = "supervision_replied", _("Supervision order answered")
    # Deadline lights: yellow (about to run out) and red (overdue).
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_DECIDED = "extension_decided", _("Extension decided")
    SHELVING_REQUESTED = "shelving_requested", _("Shelving requested")
    SHELVING_DECIDED = "shelving_decided", _("Shelving decided")
    # A case reported handled waits for a grid worker to verify it on site.
    VERIFICATION_NEEDED = "verification_needed", _("Verification needed")
    # Verification failed: the handling unit must rework the case (返工).
    REWORK = "rework", _("Rework needed")
    # A closed case was reopened after an unsatisfied rating.
    REOPENED = "reopened", _("Case reopened")
    RATED = "rated", _("Case rated")
    # 协办: the recipient's unit is asked to assist; an assisting unit reported its part.
    ASSIST_REQUESTED = "assist_requested", _("Asked to assist")
    ASSIST_REPORTED = "assist_reported", _("Assisting part done")
    # 分包: a case escalated to, or turned red at, a unit the recipient contracts.
    CONTRACTED_UNIT = "contracted_unit", _("Case at a unit you contract")
    # 责任追究: a determination naming the recipient, or waiting for their decision, moved.
    ACCOUNTABILITY = "accountability", _("Accountability determination")


class Notification(models.Model):
    """An item in a staff member's inbox: something that needs their action or attention.

    Unread while `read_at` is empty. Only its recipient ever reads or marks it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notification_inbox"
            ),
            # "My unread": the header badge counts it on every page.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="notification_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class OutboundChannel(models.TextChoices):
    """How a message leaves the platform."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class DeliveryStatus(models.TextChoices):
    """Where an outbound message stands in its delivery."""

    # Written with its delivery task; waiting for the background worker.
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    # The last attempt failed; the worker retries until its attempts run out.
    FAILED = "failed", _("Failed")


class OutboundMessage(models.Model):
    """A message to a reporter or anyone outside the platform, sent by SMS or email.

    Delivered by the background task `notifications.tasks.deliver`, queued in the same
    transaction; `attempts` and `last_error` record how delivery went.
    """

    channel = models.CharField(
        _("channel"), max_length=8, choices=OutboundChannel.choices
    )
    # A reporter's phone or e-mail: encrypted at rest like the case's own copy.
    address = EncryptedTextField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        # The record of what a reporter was told outlives the case.
        on_delete=models.SET_NULL,
        related_name="outbound_messages",
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=now)

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbound_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=OutboundChannel.values),
                name="outbound_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="outbound_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="outbound_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk} {self.get_status_display()}"

    @property
    def is_sent(self) -> bool:
        return self.status == DeliveryStatus.SENT
