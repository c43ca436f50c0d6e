"""Special review of major problems (重大问题专项研判): the review, its record and its tasks.

A review is opened by the city management office (市管办), from a candidate the detector
found in the record or by hand, for a region (the city, or one district) and usually one
category. It gathers the linked cases, the analysis, the minutes of its meetings, the
decisions taken (a government meeting, a regulation drafted for the people's congress…)
and the tasks given to departments, which are followed until each is done.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField, TimeStampedModel


class CandidateKind(models.TextChoices):
    """Why a problem stood out from the record (or that nobody detected it: by hand)."""

    SPIKE = "spike", _("Category spiking in an area")
    MANY_REPORTERS = "many_reporters", _("Many reporters of one problem")
    ESCALATIONS = "escalations", _("Repeated escalations to the city")
    RECURRENCE = "recurrence", _("Recurring at the same place")
    MANUAL = "manual", _("Opened by hand")


class ReviewState(models.TextChoices):
    """Where a review stands: studied, decided (tasks running), closed when all are done."""

    OPEN = "open", _("Under review")
    DECIDED = "decided", _("Decided, tasks under way")
    CLOSED = "closed", _("Closed")


class DecisionKind(models.TextChoices):
    """The form a decision takes (采取政府文会、报请人大通过规范性文件等形式)."""

    GOVERNMENT_MEETING = "government_meeting", _("Government executive meeting")
    MEETING_MINUTES = "meeting_minutes", _("Government meeting minutes")
    GOVERNMENT_DOCUMENT = "government_document", _("Government document")
    REGULATION_DRAFT = (
        "regulation_draft",
        _("Regulation drafted for the people's congress"),
    )
    DEPARTMENT_ACTION = "department_action", _("Joint action of departments")


class TaskState(models.TextChoices):
    """A task given to a department: open until reported done, or cancelled."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ReviewEventKind(models.TextChoices):
    """What a review event records; pages and the API name kinds through this enum."""

    OPEN = "open", _("Review opened")
    MINUTES = "minutes", _("Meeting minutes recorded")
    DECISION = "decision", _("Decision recorded")
    TASK = "task", _("Task given")
    TASK_DONE = "task_done", _("Task reported done")
    TASK_CANCELLED = "task_cancelled", _("Task cancelled")
    CASES = "cases", _("Cases linked")
    CLOSE = "close", _("Review closed")


class Review(TimeStampedModel):
    """One special review of a major problem: its area, its category, its cases and its record.

    `source_key` names the detected candidate it was opened from, so the same candidate is
    not offered again while its review is open.
    """

    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    region_path = models.CharField(_("region path"), max_length=96, editable=False)
    category = models.ForeignKey(
        "catalogue.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    trigger = models.CharField(
        _("trigger"), max_length=16, choices=CandidateKind.choices
    )
    source_key = models.CharField(_("candidate"), max_length=120, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.OPEN
    )
    analysis = models.TextField(_("analysis"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("linked cases"), related_name="reviews", blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = ClockDateTimeField(_("opened at"))
    closed_at = ClockDateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("special review")
        verbose_name_plural = _("special reviews")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(
                fields=["region_path"],
                name="review_region_path",
                opclasses=["varchar_pattern_ops"],
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ReviewState.values),
                name="review_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True)
                | models.Q(state=ReviewState.CLOSED),
                name="review_closed_at_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workbench:review", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state != ReviewState.CLOSED


class ReviewMinutes(TimeStampedModel):
    """The minutes of one meeting of a review: when, where, who attended, what was said."""

    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="minutes",
    )
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    attendees = models.TextField(_("attendees"))
    text = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting minutes")
        verbose_name_plural = _("meeting minutes")
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id} {self.held_at:%Y-%m-%d}"


class ReviewDecision(TimeStampedModel):
    """A decision of a review, in the form it was taken (a meeting, a regulation draft…)."""

    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DecisionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DecisionKind.values),
                name="review_decision_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ReviewTask(TimeStampedModel):
    """A task a review gives to a department, with a deadline in working days, followed
    until the department reports it done (or the office cancels it)."""

    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    decision = models.ForeignKey(
        ReviewDecision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="review_tasks",
    )
    title = models.CharField(_("task"), max_length=200)
    deadline = models.DateTimeField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=16, choices=TaskState.choices, default=TaskState.OPEN
    )
    report = models.TextField(_("report"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=TaskState.values),
                name="review_task_state_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue_at(self, moment) -> bool:
        """Open past its deadline, or done after it."""
        if self.state == TaskState.CANCELLED:
            return False
        if self.state == TaskState.DONE:
            return self.done_at is not None and self.done_at > self.deadline
        return moment > self.deadline


class ReviewEvent(models.Model):
    """One thing that happened to a review: who, when, what; never changed."""

    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id} {self.kind}"
