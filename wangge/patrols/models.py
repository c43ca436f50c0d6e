"""A patrol (巡查) of a grid worker through their cell: its track, check-ins and findings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import TimeStampedModel


class PatrolStatus(models.TextChoices):
    """Where a patrol stands: under way (one per worker at most) or over."""

    # Started and not ended: the phone keeps sending its track points.
    OPEN = "open", _("Under way")
    # Ended by the worker: its track, check-ins and findings are final.
    ENDED = "ended", _("Ended")


class Patrol(TimeStampedModel):
    """One walk of a grid worker through a cell, from start to end."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid worker"),
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    cell = models.ForeignKey(
        "regions.Region",
        verbose_name=_("cell"),
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    # The cell's path, copied so that jurisdiction filters read this table alone.
    cell_path = models.CharField(_("region path"), max_length=96, editable=False)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=PatrolStatus.choices,
        default=PatrolStatus.OPEN,
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    distance_m = models.FloatField(_("distance (m)"), default=0)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(status="open"),
                name="patrol_one_open_per_worker",
            ),
            models.CheckConstraint(
                condition=Q(status="open", ended_at__isnull=True)
                | Q(status="ended", ended_at__isnull=False),
                name="patrol_ended_has_end",
            ),
        ]
        indexes = [
            models.Index(fields=["cell_path", "started_at"], name="patrol_path_time"),
            models.Index(fields=["worker", "started_at"], name="patrol_worker_time"),
        ]

    def __str__(self):
        return f"{self.cell.name} {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("workbench:phone_patrol_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == PatrolStatus.OPEN


class PatrolPoint(models.Model):
    """A point of a patrol's track, as the phone's geolocation gave it (WGS-84)."""

    patrol = models.ForeignKey(
        Patrol,
        verbose_name=_("patrol"),
        on_delete=models.CASCADE,
        related_name="points",
    )
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    accuracy = models.FloatField(_("accuracy (m)"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("track point")
        verbose_name_plural = _("track points")
        ordering = ["recorded_at", "id"]
        constraints = [
            # A batch sent again after a lost answer adds nothing twice.
            models.UniqueConstraint(
                fields=["patrol", "recorded_at"], name="patrol_point_once"
            ),
        ]

    def __str__(self):
        return f"{self.lon:.6f},{self.lat:.6f} @ {self.recorded_at:%H:%M:%S}"


class CheckIn(models.Model):
    """A stop at a named place of the cell (a building, a shop, a yard) during a patrol."""

    patrol = models.ForeignKey(
        Patrol,
        verbose_name=_("patrol"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    place = models.CharField(_("place"), max_length=100)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    checked_at = models.DateTimeField(_("checked in at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["checked_at", "id"]

    def __str__(self):
        return self.place


class Finding(TimeStampedModel):
    """A case reported from a patrol (channel `patrol`): what the walk found."""

    patrol = models.ForeignKey(
        Patrol,
        verbose_name=_("patrol"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="patrol_finding",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["created_at", "id"]

    def __str__(self):
        return str(self.case_id)
