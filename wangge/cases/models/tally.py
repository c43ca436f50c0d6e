from django.db import models
from django.utils.translation import gettext_lazy as _


class TallyDimension(models.TextChoices):
    """What a roll-up row counts the cases of a region and reporting day by."""

    STATE = "state", _("state")
    CATEGORY = "category", _("category")
    CHANNEL = "channel", _("channel")
    # The light of the open cases (red: overdue); closed cases carry no light mark.
    LIGHT = "light", _("light")
    SATISFACTION = "satisfaction", _("satisfaction")
    # The funnel: the lifecycle instants a case has reached (registered, dispatched, …).
    REACHED = "reached", _("reached")
    # Stage endings, from the events that ended a stage: "<stage>:on_time" or "<stage>:late".
    ENDED = "ended", _("stage ended")


class CaseTally(models.Model):
    """A roll-up counter: how many cases of a region, reported on one day (Asia/Shanghai),
    carry one mark (a state, a category, …), or how many stage endings they had.

    Kept by `cases.rollups` in the transaction of every change, for the regions of the
    levels in `rollups.ROLLUP_LEVELS`; the dashboard reads these rows instead of the cases.
    No check keeps it positive: a case written around the services (a test factory) is
    counted only from its first service call on.
    """

    region_code = models.CharField(_("region code"), max_length=20)
    day = models.DateField(_("reported on"))
    dimension = models.CharField(
        _("dimension"), max_length=16, choices=TallyDimension.choices
    )
    value = models.CharField(_("value"), max_length=32)
    total = models.IntegerField(_("total"), default=0)

    class Meta:
        verbose_name = _("case tally")
        verbose_name_plural = _("case tallies")
        ordering = ["region_code", "day", "dimension", "value"]
        constraints = [
            # The key of the upsert, and the index every read of a region and period uses.
            models.UniqueConstraint(
                fields=["region_code", "day", "dimension", "value"],
                name="case_tally_key",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.region_code} {self.day} {self.dimension}={self.value}: {self.total}"
        )
