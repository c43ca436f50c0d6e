"""Public commitments (公开承诺): promises grid chiefs and work teams make, kept or broken,
and residents' ratings of them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField, TimeStampedModel


class CommitmentState(models.TextChoices):
    """Where a commitment stands; see `commitment_rules.TRANSITIONS`."""

    # Published and running until its due date.
    PUBLISHED = "published", _("Published")
    # Fulfilment recorded: kept.
    KEPT = "kept", _("Kept")
    # Recorded as not kept (by its unit, or because its due date passed unfulfilled).
    BROKEN = "broken", _("Broken")


class Commitment(TimeStampedModel):
    """A promise made in public to the residents of a region, with a due date."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    work_team = models.ForeignKey(
        "people.WorkTeam",
        verbose_name=_("work team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    title = models.CharField(_("commitment"), max_length=120)
    body = models.TextField(_("details"), blank=True)
    published_on = models.DateField(_("published on"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=CommitmentState.choices,
        default=CommitmentState.PUBLISHED,
    )
    fulfilment = models.CharField(_("fulfilment"), max_length=300, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("published_on")),
                name="commitment_due_after_published",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=CommitmentState.values),
                name="commitment_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentRating(models.Model):
    """A resident's word on whether a commitment was kept; no account, one per client and day."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    kept = models.BooleanField(_("kept"))
    # A keyed hash of the client's address and the day: limits ratings, identifies nobody.
    client = models.CharField(_("client"), max_length=64)
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment rating")
        verbose_name_plural = _("commitment ratings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "client"], name="commitment_rating_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.kept}"
