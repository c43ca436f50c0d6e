"""Five-level contracting (分包, 五级联动): who answers for which unit, from when to when."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangge.core.models import TimeStampedModel


class ContractKind(models.TextChoices):
    """Who contracts a unit, by the article's chain; `contracting.KIND_LEVEL` says which level."""

    # City standing-committee members (市委常委) each take districts.
    STANDING_COMMITTEE = "standing_committee", _("City standing-committee member")
    # District leaders (县区党政班子成员) and city departments' work teams take townships.
    DISTRICT_LEADER = "district_leader", _("District leader")
    CITY_WORK_TEAM = "city_work_team", _("City department's work team")
    # Leaders of public units and of law-enforcement departments take townships too.
    PUBLIC_UNIT_LEADER = "public_unit_leader", _("Leader of a public unit")
    LAW_ENFORCEMENT = "law_enforcement", _("Leader of a law-enforcement department")
    # Township leaders (乡镇办班子成员) and district work teams take villages and communities.
    TOWNSHIP_LEADER = "township_leader", _("Township leader")
    DISTRICT_WORK_TEAM = "district_work_team", _("District work team")
    # Village and community cadres take groups, buildings and blocks.
    COMMUNITY_CADRE = "community_cadre", _("Community cadre")


class ContractQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None) -> "ContractQuerySet":
        """Contracts in force on a date (today by default)."""
        from wangge.core.clock import now

        day = on or now().date()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Contract(TimeStampedModel):
    """One person answering for one unit in one capacity over a span of days.

    A change of contractor ends the old row and starts a new one, so the history of who
    answered for what, and when, is the table itself.
    """

    kind = models.CharField(_("capacity"), max_length=32, choices=ContractKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("contracted unit"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    work_team = models.ForeignKey(
        "people.WorkTeam",
        verbose_name=_("work team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    title = models.CharField(_("title"), max_length=64, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["region__path", "kind", "-valid_from", "id"]
        indexes = [
            models.Index(fields=["region", "valid_from"], name="contract_region_from"),
            models.Index(fields=["person", "valid_from"], name="contract_person_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="contract_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ContractKind.values), name="contract_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.region.name}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (
            self.valid_until is None or self.valid_until >= day
        )
