from django.conf import settings
from django.core.validators import validate_email
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.cases import workflow
from wangge.cases.sla import Light
from wangge.cases.workflow import CaseState
from wangge.core.fields import EncryptedTextField
from wangge.core.models import TimeStampedModel

OPEN_SLUGS = sorted(s.value for s in workflow.OPEN_STATES)
# Open states in which the sweep moves an overdue case up a level: from the workflow table.
# Sorted, so the sweep's partial index (and so the migration state) stays the same literal.
ESCALATABLE_SLUGS = sorted(s.value for s in workflow.AUTO_ESCALATING_STATES)


class Channel(models.TextChoices):
    """How a case reached the platform (统一受理: every channel ends in the same intake)."""

    RESIDENT = "resident", _("Resident (web or phone)")
    PATROL = "patrol", _("Grid worker on patrol")
    HOTLINE = "hotline", _("Hotline operator")
    ASSIGNMENT = "assignment", _("Assigned by a leader")
    TRANSFER = "transfer", _("Transferred by a department")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")  # the category's urgent time limit applies


class Satisfaction(models.TextChoices):
    """The reporter's rating after closure (满意度)."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class Case(TimeStampedModel):
    """One problem reported to the platform (事件/案件), from intake to closure and rating.

    `cell_path` copies the path of the cell the case lies in, so jurisdiction filters it
    with one prefix comparison; `node` is the platform node that owns it now (it moves up
    when the case is escalated). The state changes only through `cases.services`.
    """

    number = models.CharField(_("case number"), max_length=20, unique=True)
    # The case's number in the system it was imported from (empty for the platform's own
    # cases): the key that makes a second import of the same file change nothing.
    source_number = models.CharField(
        _("number in the source system"), max_length=40, blank=True, default=""
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    # Indexed by `case_category_created`, which leads with it: no index of its own.
    category = models.ForeignKey(
        "catalogue.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    description = models.TextField(_("description"))
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )

    # Where: stored in WGS-84; `address` is what the reporter said.
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    cell = models.ForeignKey(
        "regions.Region",
        verbose_name=_("grid cell"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    cell_path = models.CharField(_("region path"), max_length=96, editable=False)

    # Who: the node that owns it, and the unit handling it (a department or a community/township).
    state = models.CharField(
        _("state"), max_length=16, choices=CaseState.choices, default=CaseState.REPORTED
    )
    # Indexed by `case_node_state`, which leads with it: no index of its own.
    node = models.ForeignKey(
        "regions.Region",
        verbose_name=_("platform node"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
        db_index=False,
    )
    handler_department = models.ForeignKey(
        "people.Department",
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    handler_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("handling unit (territorial)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_reports",
    )

    # The reporter: contact data is personal, masked for readers without the right and
    # encrypted at rest (core/encryption.py).
    reporter_name = models.CharField(_("reporter name"), max_length=64, blank=True)
    reporter_phone = EncryptedTextField(_("reporter phone"), max_length=20, blank=True)
    reporter_email = EncryptedTextField(
        _("reporter email"), max_length=254, blank=True, validators=[validate_email]
    )
    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_index=False,  # indexed below, only where set
        related_name="reported_cases",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Tracking (跟踪督查): deadlines in working time and the flags the sweep keeps.
    started_at = models.DateTimeField(_("clock started"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    warning_at = models.DateTimeField(_("warning from"), null=True, blank=True)
    light = models.CharField(
        _("light"), max_length=8, choices=Light.choices, default=Light.GREEN
    )
    node_since = models.DateTimeField(_("at this node since"), null=True, blank=True)
    escalate_at = models.DateTimeField(
        _("escalates by itself at"), null=True, blank=True
    )
    is_supervised = models.BooleanField(_("under supervision order"), default=False)
    is_shelved = models.BooleanField(_("shelved"), default=False)
    shelved_since = models.DateTimeField(_("shelved since"), null=True, blank=True)

    # Lifecycle instants, for the ledger and the indicators.
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Evaluation (评价): the reporter's rating after closure.
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A subtree (the caller's jurisdiction, a region filter) is a range of
            # `cell_path`; with the state beside it, "the open cases of my area" is read
            # from the index alone.
            models.Index(
                fields=["cell_path", "state"],
                name="case_path_state",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["state", "light"], name="case_state_light"),
            # Every list reads newest first: scanned in order, a page of 20 stops after
            # its 20th visible case instead of sorting the whole table (keyset pages).
            models.Index(fields=["created_at", "id"], name="case_newest_first"),
            # The sweep reads only open, running cases about to change light: partial indexes
            # keep a million closed cases out of its way.
            models.Index(
                fields=["warning_at"],
                name="case_sweep_yellow",
                condition=models.Q(
                    state__in=OPEN_SLUGS, is_shelved=False, light=Light.GREEN
                ),
            ),
            models.Index(
                fields=["deadline"],
                name="case_sweep_red",
                condition=models.Q(state__in=OPEN_SLUGS, is_shelved=False)
                & ~models.Q(light=Light.RED),
            ),
            models.Index(
                fields=["escalate_at"],
                name="case_sweep_escalate",
                condition=models.Q(state__in=ESCALATABLE_SLUGS, is_shelved=False),
            ),
            models.Index(fields=["node", "state"], name="case_node_state"),
            # Only where set: most cases have no department and no reporter account, and an
            # index without their NULLs tells SQLite's planner how few rows a user's own
            # reports or a department's cases are (see `cases.selectors.case_page`).
            models.Index(
                fields=["handler_department", "state"],
                name="case_department_state",
                condition=models.Q(handler_department__isnull=False),
            ),
            models.Index(
                fields=["reporter_user"],
                name="case_reporter_user",
                condition=models.Q(reporter_user__isnull=False),
            ),
            models.Index(
                fields=["category", "created_at"], name="case_category_created"
            ),
            # Intake's search for duplicates: the category's cases in a strip of latitude,
            # not all its cases of the last days.
            models.Index(fields=["category", "lat"], name="case_category_lat"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=CaseState.values), name="case_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    lon__gte=-180, lon__lte=180, lat__gte=-90, lat__lte=90
                ),
                name="case_coordinates_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    handler_department__isnull=False, handler_region__isnull=False
                ),
                name="case_one_handling_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True)
                | models.Q(state=CaseState.MERGED),
                name="case_merged_has_target",
            ),
            models.UniqueConstraint(
                fields=["source_number"],
                condition=~models.Q(source_number=""),
                name="case_source_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.category.name}"

    def get_absolute_url(self) -> str:
        return reverse("workbench:case", args=[self.number])

    @property
    def is_open(self) -> bool:
        return workflow.is_open(self.state)

    @property
    def taken_in_by(self):
        """Who took the report in for its reporter; None for a self-report (a resident's
        own report, a grid worker's patrol), whose filer is its reporter."""
        if self.created_by_id is None or self.channel == Channel.PATROL:
            return None
        if self.created_by_id == self.reporter_user_id:
            return None
        return self.created_by

    @property
    def handling_unit(self):
        """The department or territorial unit handling the case, if any."""
        return self.handler_department or self.handler_region


class CaseNumberSequence(models.Model):
    """The last case number issued on a day (Asia/Shanghai): numbers are date + sequence."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"
