"""Contact points (联系点, 蹲点): each city leader's township, their visits and the problems there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.core.models import TimeStampedModel


class ContactResolution(models.TextChoices):
    """How the township named in the source resolves to today's official division."""

    # The same name and place in today's MCA list.
    EXACT = "exact", _("Same township today")
    # The same place under a changed name or status (镇 → 街道, 乡 → 镇, a misprint).
    RENAMED = "renamed", _("Same place, name or status changed")
    # Merged away: no division of that name exists any more.
    MERGED = "merged", _("No longer exists: merged away")
    # Under a functional zone that is not a county-level division of the list.
    FUNCTIONAL_ZONE = "functional_zone", _("Under a functional zone, not in the list")


class ContactPoint(TimeStampedModel):
    """A city leader's contact township (蹲点联系乡镇办), as the source names it and as it resolves."""

    leader_name = models.CharField(_("leader"), max_length=32)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_points",
    )
    source_name = models.CharField(_("name in the source"), max_length=64)
    township = models.ForeignKey(
        "regions.Region",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_points",
    )
    resolution = models.CharField(
        _("resolution"), max_length=16, choices=ContactResolution.choices
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # The order of the source's table.
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(township__isnull=False)
                | models.Q(resolution__in=["merged", "functional_zone"]),
                name="contact_point_resolved_or_explained",
            ),
            models.CheckConstraint(
                condition=models.Q(township__isnull=True)
                | ~models.Q(resolution__in=["merged", "functional_zone"]),
                name="contact_point_gone_has_no_township",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader_name} · {self.source_name}"

    @property
    def exists_today(self) -> bool:
        return self.township_id is not None


class ContactVisit(TimeStampedModel):
    """A leader's visit to the contact point: when, who went, what was discussed and found."""

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("who went"), max_length=200)
    topics = models.TextField(_("topics"))
    findings = models.TextField(_("problems found"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact visit")
        verbose_name_plural = _("contact visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.contact_point} · {self.visited_on}"


class ContactCase(TimeStampedModel):
    """A case tied to a contact point: found on a visit, or taken up by the leader to coordinate."""

    class Role(models.TextChoices):
        FOUND = "found", _("Found on a visit")
        COORDINATED = "coordinated", _("Coordinated by the leader")

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.CASCADE,
        related_name="case_links",
    )
    visit = models.ForeignKey(
        ContactVisit,
        verbose_name=_("visit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_links",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="contact_links",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("contact point case")
        verbose_name_plural = _("contact point cases")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "case"], name="contact_case_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_point} · {self.case_id}"
