"""Assessment records: the scoring rules with their history, the frozen period snapshots and
their rows, rewards and penalties, and re-inspection samples (抽查)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import TimeStampedModel


class UnitKind(models.TextChoices):
    """What an assessed unit is: a region of the tree, a department, a desk or a person."""

    DISTRICT = "district", _("District/county")
    TOWNSHIP = "township", _("Township/subdistrict")
    COMMUNITY = "community", _("Community/village")
    CELL = "cell", _("Grid cell")
    DEPARTMENT = "department", _("Department")
    DESK = "desk", _("Platform node desk")
    GRID_WORKER = "grid_worker", _("Grid worker")


REGION_KINDS = (UnitKind.DISTRICT, UnitKind.TOWNSHIP, UnitKind.COMMUNITY, UnitKind.CELL)


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class ScoringRule(TimeStampedModel):
    """How the city office scores one kind of unit from a date on (weights are data with history).

    A snapshot uses, for each kind, the rule in force on the first day of its period.
    """

    unit_kind = models.CharField(
        _("kind of unit"), max_length=16, choices=UnitKind.choices
    )
    valid_from = models.DateField(_("valid from"))
    weights = models.JSONField(_("weights"))
    green_from = models.FloatField(_("green from"), default=85)
    yellow_from = models.FloatField(_("yellow from"), default=70)
    charge_points = models.FloatField(_("points per charged case"), default=1)
    recurrence_days = models.PositiveSmallIntegerField(
        _("recurrence window (days)"), default=30
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["unit_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kind", "valid_from"], name="scoring_rule_kind_from"
            ),
            models.CheckConstraint(
                condition=models.Q(yellow_from__lte=models.F("green_from")),
                name="scoring_rule_marks_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_unit_kind_display()} {self.valid_from}"


class Snapshot(TimeStampedModel):
    """The assessment of every unit for one period, frozen once published with the rules it used."""

    period = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("day after the last"))
    computed_at = models.DateTimeField(_("computed at"))
    rules = models.JSONField(_("rules used"), default=dict)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment snapshot")
        verbose_name_plural = _("assessment snapshots")
        ordering = ["-starts_on", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "starts_on"], name="snapshot_period_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="snapshot_period_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.starts_on}"

    def get_absolute_url(self) -> str:
        return reverse("workbench:assessment_snapshot", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class SnapshotRow(models.Model):
    """One unit's counts, rates, points, score, rank and mark in a snapshot.

    `path` is the region path the unit answers in (a department's seat, a person's cell),
    so jurisdiction filters rows with the same subtree test as cases. `determinations`
    holds the unit's accountability determinations of the period by measure (not scored).
    """

    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("snapshot"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    unit_kind = models.CharField(
        _("kind of unit"), max_length=16, choices=UnitKind.choices
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(_("region path"), max_length=96)
    counts = models.JSONField(_("counts"), default=dict)
    rates = models.JSONField(_("rates"), default=dict)
    points = models.JSONField(_("points"), default=dict)
    determinations = models.JSONField(
        _("accountability determinations"), default=dict, blank=True
    )
    weighted = models.FloatField(_("weighted score"), null=True, blank=True)
    charged = models.PositiveIntegerField(_("charged cases"), default=0)
    total = models.FloatField(_("score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    mark = models.CharField(_("mark"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("snapshot row")
        verbose_name_plural = _("snapshot rows")
        ordering = ["snapshot", "unit_kind", "rank", "name"]
        indexes = [
            models.Index(
                fields=["snapshot", "unit_kind", "path"], name="snapshot_row_kind_path"
            ),
            models.Index(fields=["region", "unit_kind"], name="snapshot_row_region"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.name}"

    @property
    def determination_total(self) -> int:
        return sum(self.determinations.values())


class SanctionKind(models.TextChoices):
    """A reward or a penalty: its own name, apart from the catalogue's `Kind` in the API schema."""

    REWARD = "reward", _("Reward")
    PENALTY = "penalty", _("Penalty")


class Sanction(TimeStampedModel):
    """A reward or a penalty (奖惩) given to a unit for its result in a published snapshot.

    `determination` is the accountability determination (责任追究) it follows from, if any.
    """

    Kind = SanctionKind

    row = models.ForeignKey(
        SnapshotRow,
        verbose_name=_("assessed unit"),
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    determination = models.ForeignKey(
        "linkage.Determination",
        verbose_name=_("accountability determination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reward or penalty")
        verbose_name_plural = _("rewards and penalties")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.row.name}"


class Reinspection(TimeStampedModel):
    """A closed case drawn for re-inspection (抽查) by a grid worker of another grid."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the visit")
        CONFIRMED = "confirmed", _("Solved, as recorded")
        FAILED = "failed", _("Not solved: the record was wrong")

    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("snapshot"),
        on_delete=models.CASCADE,
        related_name="reinspections",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seed = models.CharField(_("seed"), max_length=64)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("re-inspection")
        verbose_name_plural = _("re-inspections")
        ordering = ["snapshot", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "case"], name="reinspection_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.inspector_id}"
