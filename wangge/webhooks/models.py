"""Subscriptions of units' own case systems, and the log of every delivery made to them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.fields import EncryptedTextField
from wangge.core.models import ClockDateTimeField, TimeStampedModel


class WebhookEvent(models.TextChoices):
    """The case moments a unit's system may hear of; the slugs travel in `X-Wangge-Event`."""

    # The case was dispatched (派遣) to the subscribing department or territorial unit.
    DISPATCHED = "case.dispatched", _("Case dispatched to the unit")
    # A supervision order (督办) was issued on a case the unit handles or owns.
    SUPERVISED = "case.supervised", _("Supervision order on a case of the unit")
    # A case the unit handled, or its node owned, was verified and closed (结案).
    CLOSED = "case.closed", _("Case closed")
    # The unit returned (退回) a case it was dispatched; the owning node hears it too.
    RETURNED = "case.returned", _("Case returned")
    # A case was escalated (逐级上报) to the subscribing platform node.
    ESCALATED = "case.escalated", _("Case escalated to the node")


class DeliveryState(models.TextChoices):
    """Where a delivery stands; only `pending` and a due `retrying` may be sent."""

    # Waiting on the queue for its first or replayed attempt.
    PENDING = "pending", _("Queued")
    # An attempt is under way: claimed until `claimed_until`, nobody else sends it.
    SENDING = "sending", _("Sending")
    # The last attempt failed; the sweep queues it again at `next_attempt_at`.
    RETRYING = "retrying", _("Waiting to retry")
    # The receiver answered 2xx: never sent again except by an explicit replay.
    DELIVERED = "delivered", _("Delivered")
    # Every attempt failed; only an explicit replay sends it again.
    FAILED = "failed", _("Failed")


class WebhookSubscription(TimeStampedModel):
    """A unit's system asking to be told of some case moments at a URL, signed with a secret.

    The unit is a department or a platform node's region, exactly one of the two.
    """

    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_subscriptions",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("platform node"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_subscriptions",
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = EncryptedTextField(_("signing secret"), max_length=128, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    description = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False, region__isnull=True)
                | Q(department__isnull=True, region__isnull=False),
                name="webhook_subscription_one_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.url}"

    @property
    def unit(self):
        """The department or the node this subscription belongs to."""
        return self.department or self.region

    def get_event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [str(labels.get(e, e)) for e in self.events]


class WebhookDelivery(models.Model):
    """One event for one subscription: what is sent, how often it was tried, how it ended.

    `event_id` names the event for the receiver: it stays the same across retries and
    replays, so a receiver that keeps the ids it applied applies each event once.
    """

    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    event_type = models.CharField(
        _("webhook event"), max_length=32, choices=WebhookEvent.choices
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="webhook_deliveries",
    )
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Attempts made before the last replay: the retry budget counts from there.
    attempts_before_replay = models.PositiveIntegerField(default=0, editable=False)
    last_status_code = models.PositiveIntegerField(
        _("last status code"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = ClockDateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_until = ClockDateTimeField(null=True, blank=True, editable=False)
    delivered_at = ClockDateTimeField(_("delivered at"), null=True, blank=True)
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"],
                name="webhook_delivery_one_per_event",
            )
        ]
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"], name="webhook_delivery_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"

    @property
    def can_replay(self) -> bool:
        return self.state in (DeliveryState.DELIVERED, DeliveryState.FAILED)


class WebhookAttempt(models.Model):
    """One POST of a delivery and what came back: the lines of the delivery log."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempt_log",
    )
    number = models.PositiveIntegerField(_("attempt"))
    at = ClockDateTimeField(_("at"))
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
