from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangge.core.models import ClockDateTimeField, TimeStampedModel
from wangge.regions import levels
from wangge.regions.levels import Level

PATH_SEPARATOR = "/"


class RegionQuerySet(models.QuerySet):
    def subtree(self, region: "Region") -> "RegionQuerySet":
        """The region and everything under it, in one indexed prefix query."""
        return self.filter(path__startswith=region.path)

    def cells(self) -> "RegionQuerySet":
        return self.filter(level=Level.CELL)


class Region(TimeStampedModel):
    """A node of the administrative tree: the city, a district, a township, a community or a grid cell.

    `path` holds the codes from the city down to this region ("/410100/410105/…/"), so a
    whole subtree is one `LIKE 'prefix%'` query on an indexed column.
    """

    class CellKind(models.TextChoices):
        GROUP = "group", _("Village group")
        BUILDING = "building", _("Residential building")
        BLOCK = "block", _("Street block")
        UNIT = "unit", _("Public unit")

    code = models.CharField(_("code"), max_length=15, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=96, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=16, choices=CellKind.choices, blank=True
    )
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"],
                name="region_path_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["level", "path"], name="region_level_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=[choice for choice in Level.values]),
                name="region_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, level=Level.CITY)
                | models.Q(parent__isnull=False) & ~models.Q(level=Level.CITY),
                name="region_only_city_is_root",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.path = self.build_path(
            self.code, self.parent.path if self.parent_id else ""
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("workbench:region", args=[self.code])

    @staticmethod
    def build_path(code: str, parent_path: str) -> str:
        return f"{parent_path or PATH_SEPARATOR}{code}{PATH_SEPARATOR}"

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes from the city down to this region, this one included."""
        return [c for c in self.path.split(PATH_SEPARATOR) if c]

    @property
    def grid_level(self) -> int | None:
        return levels.GRID_LEVEL.get(self.level)

    @property
    def is_platform_node(self) -> bool:
        return self.level in levels.PLATFORM_LEVELS

    @property
    def centroid(self) -> list[float] | None:
        if self.centroid_lon is None:
            return None
        return [self.centroid_lon, self.centroid_lat]

    def is_within(self, other: "Region") -> bool:
        """Whether this region is `other` or lies under it."""
        return self.path.startswith(other.path)


class BoundaryRevision(models.Model):
    """A counter bumped whenever cell boundaries change, so each process knows to rebuild its locate index."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    number = models.PositiveBigIntegerField(default=0)
    changed_at = ClockDateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("boundary revision")
        verbose_name_plural = _("boundary revisions")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.number)
