"""Campaigns (集中排查治理): time-boxed sweeps through the grids.

A campaign has its own problem types, grouped in areas (the 2012 sweep: 20 types in 7
areas), each filed as cases of a catalogue category; targets per region (the cells to
inspect, the share of problems to solve); inspections of cells against the checklist of
problem types, whose findings become cases through intake; and city-improvement projects
(城市提升) with a target and the progress reported against it. Closing freezes its report.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField, TimeStampedModel


class CampaignState(models.TextChoices):
    """A campaign runs between its dates until the city office closes it with its report."""

    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Campaign(TimeStampedModel):
    """One sweep: its name, its dates, the region it covers and, once closed, its report."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=CampaignState.choices,
        default=CampaignState.RUNNING,
    )
    closing_report = models.TextField(_("closing report"), blank=True)
    closing_figures = models.JSONField(_("closing figures"), default=dict, blank=True)
    closed_at = ClockDateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=CampaignState.values),
                name="campaign_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workbench:campaign", args=[self.code])

    @property
    def is_closed(self) -> bool:
        return self.state == CampaignState.CLOSED

    def runs_on(self, day) -> bool:
        """Whether inspections may be recorded on this day."""
        return not self.is_closed and self.starts_on <= day <= self.ends_on


class CampaignArea(models.Model):
    """One area of a campaign's problems (非法生产, 非法建设…), in the order it is listed."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="areas",
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("campaign area")
        verbose_name_plural = _("campaign areas")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"], name="campaign_area_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CampaignProblemType(models.Model):
    """A problem type of a campaign's checklist; what is found of it is filed under its
    catalogue category."""

    area = models.ForeignKey(
        CampaignArea,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        related_name="problem_types",
    )
    category = models.ForeignKey(
        "catalogue.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("campaign problem type")
        verbose_name_plural = _("campaign problem types")
        ordering = ["area__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "category"], name="campaign_problem_type_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CampaignTarget(models.Model):
    """What a region must achieve in a campaign: cells inspected and the share solved."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region_path = models.CharField(_("region path"), max_length=96, editable=False)
    cells_to_inspect = models.PositiveIntegerField(_("cells to inspect"))
    solved_share = models.PositiveSmallIntegerField(_("share to solve (%)"), default=90)

    class Meta:
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        ordering = ["campaign", "region_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "region"], name="campaign_target_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(solved_share__lte=100),
                name="campaign_target_share_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.region_id}"


class CampaignInspection(models.Model):
    """One inspection of a cell against a campaign's checklist (排查): who, when, which
    problem types were checked; what was found is in its findings."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    cell = models.ForeignKey(
        "regions.Region",
        verbose_name=_("grid cell"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cell_path = models.CharField(_("region path"), max_length=96, editable=False)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspected_at = models.DateTimeField(_("inspected at"))
    checked = models.ManyToManyField(
        CampaignProblemType, verbose_name=_("problem types checked"), related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("campaign inspection")
        verbose_name_plural = _("campaign inspections")
        ordering = ["-inspected_at", "-id"]
        indexes = [
            models.Index(
                fields=["campaign", "cell_path"],
                name="campaign_inspection_path",
                opclasses=["", "varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.cell_id} {self.inspected_at:%Y-%m-%d}"


class CampaignFinding(models.Model):
    """A problem a campaign found: the case intake created, of one of its problem types."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    problem_type = models.ForeignKey(
        CampaignProblemType,
        verbose_name=_("problem type"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    inspection = models.ForeignKey(
        CampaignInspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="campaign_finding",
    )
    cell_path = models.CharField(_("region path"), max_length=96, editable=False)
    found_at = models.DateTimeField(_("found at"))

    class Meta:
        verbose_name = _("campaign finding")
        verbose_name_plural = _("campaign findings")
        ordering = ["-found_at", "-id"]
        indexes = [
            models.Index(
                fields=["campaign", "cell_path"],
                name="campaign_finding_path",
                opclasses=["", "varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.case_id}"


class ImprovementProject(models.Model):
    """A city-improvement task (城市提升) of a campaign as a project: a lead department, a
    target in its own unit (km of road, sites, markets) and the progress reported."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=100)
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.CharField(_("unit"), max_length=16)
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=1)
    done = models.DecimalField(_("done"), max_digits=10, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"], name="improvement_project_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(target__gt=0), name="improvement_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def share_done(self) -> float:
        """Progress against the target, 0–100 (capped: a target can be surpassed)."""
        return min(100.0, float(self.done) * 100 / float(self.target))


class ProjectProgress(models.Model):
    """One report of progress on an improvement project: how much more is done, by whom."""

    project = models.ForeignKey(
        ImprovementProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=1)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} +{self.amount}"
