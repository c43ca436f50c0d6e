"""The opinion channel (民意表达): residents' suggestions by grid, answered in public, and
short surveys on a grid's priorities."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField, TimeStampedModel


class OpinionKind(models.TextChoices):
    """An opinion is not a problem to handle (that is a case): it is advice or a view."""

    SUGGESTION = "suggestion", _("Suggestion")
    OPINION = "opinion", _("Opinion")


class Opinion(TimeStampedModel):
    """A resident's suggestion or opinion to their grid, and the grid's public answer."""

    cell = models.ForeignKey(
        "regions.Region",
        verbose_name=_("grid cell"),
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OpinionKind.choices)
    text = models.TextField(_("text"))
    # Shown publicly only as the resident gave it (may be a pseudonym or empty).
    signed = models.CharField(_("signed"), max_length=32, blank=True)
    client = models.CharField(_("client"), max_length=64, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["cell", "-created_at"], name="opinion_cell")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Survey(TimeStampedModel):
    """A short survey of a region's residents on one question, open between two dates."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    question = models.CharField(_("question"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.question

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class SurveyOption(models.Model):
    """One answer a survey offers."""

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="options",
    )
    label = models.CharField(_("option"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)

    class Meta:
        verbose_name = _("survey option")
        verbose_name_plural = _("survey options")
        ordering = ["survey", "rank", "id"]

    def __str__(self) -> str:
        return self.label


class SurveyResponse(models.Model):
    """One resident's answer; one per client and survey."""

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    option = models.ForeignKey(
        SurveyOption,
        verbose_name=_("option"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    client = models.CharField(_("client"), max_length=64)
    created_at = ClockDateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "client"], name="survey_response_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.option_id}"
