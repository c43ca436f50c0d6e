from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.cases.stages import CONFIGURED_STAGES
from wangge.catalogue.choices import DepartmentKind, LimitUnit
from wangge.core.models import TimeStampedModel
from wangge.regions.levels import PLATFORM_LEVELS, Level


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class SupervisionOrder(TimeStampedModel):
    """A supervision order (督办) from a higher node: its own deadline, answered by a reply."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="supervision_orders",
    )
    node = models.ForeignKey(
        "regions.Region",
        verbose_name=_("issuing node"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    instructions = models.TextField(_("instructions"))
    due_at = models.DateTimeField(_("reply due"))
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # Set by the sweep when the reply is overdue and it chased the unit, so it chases once.
    chased_at = models.DateTimeField(_("reply chased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["created_at", "id"]
        indexes = [
            # The sweep reads only unanswered orders it has not chased yet.
            models.Index(
                fields=["due_at"],
                name="supervision_sweep_overdue",
                condition=models.Q(replied_at__isnull=True, chased_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 督办 {self.due_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.replied_at is None


class DecidedRequest(TimeStampedModel):
    """A request about a case that someone above decides: who asked, why, and the decision."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True


class ExtensionRequest(DecidedRequest):
    """A handling unit's request for more time (延期), approved or refused by the dispatching node."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="extension_requests",
    )
    amount = models.PositiveIntegerField(_("extra time"))
    unit = models.CharField(_("unit"), max_length=8, choices=LimitUnit.choices)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="extension_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=RequestStatus.PENDING),
                name="extension_one_pending_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.amount} {self.unit}"


class ShelvingRequest(DecidedRequest):
    """A request to shelve (挂账) a case that cannot be solved now; approved, it stops the clock.

    A shelved case stays visible and counts in every indicator as shelved.
    """

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="shelving_requests",
    )
    released_at = models.DateTimeField(_("taken off the shelf"), null=True, blank=True)

    class Meta:
        verbose_name = _("shelving request")
        verbose_name_plural = _("shelving requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=RequestStatus.PENDING),
                name="shelving_one_pending_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 挂账"


class RoutingRule(TimeStampedModel):
    """Where cases of a category go inside a region's subtree, overriding the catalogue's default.

    The most specific rule wins: a deeper region before a shallower one, a rule for the
    category before one for all categories.
    """

    category = models.ForeignKey(
        "catalogue.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        help_text=_("Empty: every category."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    territorial_level = models.CharField(
        _("territorial unit level"),
        max_length=16,
        choices=[
            (Level.COMMUNITY, Level.COMMUNITY.label),
            (Level.TOWNSHIP, Level.TOWNSHIP.label),
        ],
        blank=True,
    )
    department_kind = models.CharField(
        _("department line of work"),
        max_length=32,
        choices=DepartmentKind.choices,
        blank=True,
    )
    department_level = models.CharField(
        _("department level"),
        max_length=16,
        choices=[
            (Level.CITY, Level.CITY.label),
            (Level.DISTRICT, Level.DISTRICT.label),
        ],
        blank=True,
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["region__path", "category__code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        territorial_level__gt="",
                        department_kind="",
                        department_level="",
                    )
                    | models.Q(
                        territorial_level="",
                        department_kind__gt="",
                        department_level__gt="",
                    )
                ),
                name="routing_rule_one_target",
            ),
            models.UniqueConstraint(
                fields=["category", "region"], name="routing_rule_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.category or '*'}"


class EscalationPolicy(TimeStampedModel):
    """Whether overdue cases at a node level escalate on their own, and after how much grace.

    An overdue case escalates once the grace (in working hours) has run out after the
    later of its deadline and its arrival at the node, so each level gets its own time.
    """

    node_level = models.CharField(
        _("node level"),
        max_length=16,
        unique=True,
        choices=[
            (lvl, lvl.label)
            for lvl in (Level.COMMUNITY, Level.TOWNSHIP, Level.DISTRICT)
        ],
    )
    enabled = models.BooleanField(
        _("escalate overdue cases automatically"), default=True
    )
    grace_hours = models.PositiveIntegerField(
        _("grace after the deadline (working hours)"), default=0
    )

    class Meta:
        verbose_name = _("escalation policy")
        verbose_name_plural = _("escalation policies")
        ordering = ["node_level"]

    def __str__(self) -> str:
        return str(self.get_node_level_display())


class StageLimit(TimeStampedModel):
    """How long a case may stay in a stage at a node of a platform level (受理/立案, 派遣, 签收, 核查).

    Set by the city management office, apart from each category's handling limit (处置),
    in working hours or working days. A new limit applies to stages that start after it.
    """

    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=[(s.value, s.label) for s in CONFIGURED_STAGES],
    )
    node_level = models.CharField(
        _("node level"),
        max_length=16,
        choices=[(lvl, lvl.label) for lvl in PLATFORM_LEVELS],
    )
    amount = models.PositiveIntegerField(_("time limit"))
    unit = models.CharField(
        _("time limit unit"), max_length=8, choices=LimitUnit.choices
    )

    class Meta:
        verbose_name = _("stage time limit")
        verbose_name_plural = _("stage time limits")
        ordering = ["stage", "node_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "node_level"], name="stage_limit_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="stage_limit_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.get_node_level_display()}"
