"""Accountability (责任追究): determinations that hold people and units to account for cases
and commitments, from proposal through approval to the record, with an appeal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField, TimeStampedModel


class DeterminationKind(models.TextChoices):
    """The measure taken, mildest first (责任追究办法)."""

    REMINDER_TALK = "reminder_talk", _("Reminder talk")  # 提醒谈话
    ADMONISHMENT = "admonishment", _("Admonishment talk")  # 诫勉谈话
    CRITICISM = "criticism", _("Public criticism")  # 通报批评
    WARNING = "warning", _("Warning")  # 警告
    DEMERIT = "demerit", _("Demerit")  # 记过


class DeterminationState(models.TextChoices):
    """Where a determination stands; `determination_rules.TRANSITIONS` is the table."""

    # Proposed by a supervisor or the city office, waiting for a leader's approval.
    PROPOSED = "proposed", _("Proposed")
    # Approved: to be carried out and put on record.
    APPROVED = "approved", _("Approved")
    # Not approved: no measure.
    REJECTED = "rejected", _("Rejected")
    # Carried out and on record: it counts in the assessment.
    RECORDED = "recorded", _("On record")
    # A person held to account appealed; it still counts until revoked.
    APPEALED = "appealed", _("Under appeal")
    # The appeal failed: the record stands.
    UPHELD = "upheld", _("Upheld on appeal")
    # The appeal succeeded: the record is withdrawn and counts no more.
    REVOKED = "revoked", _("Revoked on appeal")


class DeterminationStep(models.TextChoices):
    """The steps a determination's events record (`rules.DETERMINATION_TRANSITIONS`)."""

    PROPOSE = "propose", _("Propose")
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    RECORD = "record", _("Put on record")
    APPEAL = "appeal", _("Appeal")
    UPHOLD = "uphold", _("Uphold")
    REVOKE = "revoke", _("Revoke")


class Determination(TimeStampedModel):
    """A determination of responsibility: a measure against people of a unit, for cases."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="determinations",
    )
    kind = models.CharField(
        _("measure"), max_length=16, choices=DeterminationKind.choices
    )
    # Which record raised it (see `candidates.CandidateKind`).
    basis = models.CharField(_("basis"), max_length=32)
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=DeterminationState.choices,
        default=DeterminationState.PROPOSED,
    )
    persons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people held to account"),
        related_name="determinations",
    )
    cases = models.ManyToManyField(
        "cases.Case",
        verbose_name=_("cases"),
        related_name="determinations",
        blank=True,
    )
    commitments = models.ManyToManyField(
        "linkage.Commitment",
        verbose_name=_("commitments"),
        related_name="determinations",
        blank=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When it took effect: the assessment counts it in this period.
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accountability determination")
        verbose_name_plural = _("accountability determinations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "recorded_at"], name="determination_counted")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=DeterminationState.values),
                name="determination_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DeterminationKind.values),
                name="determination_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.region.name}"


class DeterminationEvent(models.Model):
    """One step of a determination: who moved it from which state to which, and why."""

    determination = models.ForeignKey(
        Determination,
        verbose_name=_("determination"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(
        _("action"), max_length=16, choices=DeterminationStep.choices
    )
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("determination event")
        verbose_name_plural = _("determination events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.determination_id}: {self.action}"
