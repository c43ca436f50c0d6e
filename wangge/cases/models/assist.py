from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import TimeStampedModel


class CaseAssist(TimeStampedModel):
    """An assisting unit (协办) of a case beside its lead (主办, the case's handling unit).

    条块融合: a department or a territorial unit (community, township, grid cell) takes its
    part of the work, accepts it and reports it done; the lead alone reports the case
    handled. The lead stays on `Case.handler_*`, so a case has one lead and any assists.
    """

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="assists",
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("assisting department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assisted_cases",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("assisting unit (territorial)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assisted_cases",
    )
    task = models.TextField(_("part to do"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported done at"), null=True, blank=True)
    report = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("assisting unit")
        verbose_name_plural = _("assisting units")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=True, region__isnull=False)
                | models.Q(department__isnull=False, region__isnull=True),
                name="assist_one_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(reported_at__isnull=True)
                | models.Q(accepted_at__isnull=False),
                name="assist_reported_after_accepted",
            ),
            models.UniqueConstraint(
                fields=["case", "department"],
                condition=models.Q(department__isnull=False),
                name="assist_department_once",
            ),
            models.UniqueConstraint(
                fields=["case", "region"],
                condition=models.Q(region__isnull=False),
                name="assist_region_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 协办 {self.unit}"

    @property
    def unit(self):
        """The assisting department or territorial unit."""
        return self.department or self.region

    @property
    def is_open(self) -> bool:
        """Whether the assisting unit's part is not yet reported done."""
        return self.reported_at is None
