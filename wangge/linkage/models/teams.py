"""Work teams (群众工作队): who serves with which post and duties, the tasks and the work logs.

The team itself is `people.WorkTeam` (the access layer lists it); these rows hang off it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import TimeStampedModel


class TeamMember(TimeStampedModel):
    """A person's place in a work team: the post they hold there and their duties."""

    team = models.ForeignKey(
        "people.WorkTeam",
        verbose_name=_("work team"),
        on_delete=models.CASCADE,
        related_name="roster",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="team_places",
    )
    post = models.CharField(_("post in the team"), max_length=32)
    duties = models.CharField(_("duties"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="team_member_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.post}"


class TeamTask(TimeStampedModel):
    """A task the team took on in its township, with its due date and, once done, its result."""

    team = models.ForeignKey(
        "people.WorkTeam",
        verbose_name=_("work team"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("task"), max_length=120)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("team task")
        verbose_name_plural = _("team tasks")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class TeamLogKind(models.TextChoices):
    """What a work log records."""

    VISIT = "visit", _("Household visit")  # 走访
    MEETING = "meeting", _("Meeting")  # 座谈会, 议事会
    DIARY = "diary", _("Public-opinion diary")  # 民情日记


class TeamLog(TimeStampedModel):
    """A work log of a team member: a visit, a meeting or a diary entry, and the cases it raised."""

    team = models.ForeignKey(
        "people.WorkTeam",
        verbose_name=_("work team"),
        on_delete=models.CASCADE,
        related_name="logs",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TeamLogKind.choices)
    day = models.DateField(_("day"))
    households = models.PositiveIntegerField(_("households reached"), default=0)
    summary = models.TextField(_("summary"))
    cases = models.ManyToManyField(
        "cases.Case",
        verbose_name=_("problems raised"),
        related_name="team_logs",
        blank=True,
    )

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=TeamLogKind.values),
                name="team_log_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} · {self.get_kind_display()} · {self.day}"
