"""The case catalogue (事项目录): major and minor categories, their extra questions and defaults.

Codes are stable identifiers: cases, routing rules and import files refer to categories by
code. The shipped codes carry a letter for the kind and the two-plus-two digits of the
national digital city management classes: C01/C0101 (components), E01/E0101 (events),
Z01/Z0101 (2012 campaign areas and problem types), T01/T0101 (city-improvement tasks).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wangge.catalogue.choices import (
    CODE_MAX_LENGTH,
    CODE_PATTERN,
    DEPARTMENT_LEVELS,
    TERRITORIAL_LEVELS,
    UNIT_CHOICES,
    UNIT_VALUES,
    AttributeType,
    DepartmentKind,
    Kind,
    LimitUnit,
    Responsibility,
    Source,
    level_choices,
)
from wangge.core.models import TimeStampedModel
from wangge.regions.levels import PLATFORM_LEVELS

code_validator = RegexValidator(
    rf"^{CODE_PATTERN}\Z",
    _("Use letters, digits, '-' and '_' only, starting with a letter or digit."),
)


@dataclass(frozen=True)
class TimeLimit:
    """A handling time limit: an amount of working hours or working days."""

    amount: int
    unit: str

    def __str__(self) -> str:
        return f"{self.amount} {LimitUnit(self.unit).label}"


class Category(TimeStampedModel):
    """A category of case: a major class groups minor ones; cases are filed under a minor one.

    A minor category says when a report may be registered and closed, how long handling may
    take, and who answers for it: the grid's community or township, or a department.
    """

    code = models.CharField(
        _("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[code_validator]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("major category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.LOCAL
    )
    registration_conditions = models.TextField(_("registration conditions"), blank=True)
    closing_conditions = models.TextField(_("closing conditions"), blank=True)
    limit_amount = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    limit_unit = models.CharField(
        _("time limit unit"), max_length=8, choices=LimitUnit.choices, blank=True
    )
    urgent_limit_amount = models.PositiveIntegerField(
        _("urgent time limit"), null=True, blank=True
    )
    urgent_limit_unit = models.CharField(
        _("urgent time limit unit"), max_length=8, choices=LimitUnit.choices, blank=True
    )
    responsibility = models.CharField(
        _("responsibility"), max_length=16, choices=Responsibility.choices, blank=True
    )
    territorial_level = models.CharField(
        _("territorial level"),
        max_length=16,
        choices=level_choices(TERRITORIAL_LEVELS),
        blank=True,
    )
    department_kind = models.CharField(
        _("department line of work"),
        max_length=32,
        choices=DepartmentKind.choices,
        blank=True,
    )
    department_level = models.CharField(
        _("department level"),
        max_length=16,
        choices=level_choices(DEPARTMENT_LEVELS),
        blank=True,
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="category_kind_valid",
                violation_error_message=_("Choose a valid kind."),
            ),
            models.CheckConstraint(
                condition=Q(limit_amount__isnull=True, limit_unit="")
                | Q(limit_amount__gt=0, limit_unit__in=LimitUnit.values),
                name="category_limit_complete",
                violation_error_message=_(
                    "A time limit needs a positive amount and a unit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(urgent_limit_amount__isnull=True, urgent_limit_unit="")
                | Q(urgent_limit_amount__gt=0, urgent_limit_unit__in=LimitUnit.values),
                name="category_urgent_limit_complete",
                violation_error_message=_(
                    "An urgent time limit needs a positive amount and a unit."
                ),
            ),
            # Hours against days depend on the office hours, so only the same unit is
            # compared; an urgent limit in days over a normal one in hours is refused.
            models.CheckConstraint(
                condition=Q(urgent_limit_amount__isnull=True)
                | Q(
                    urgent_limit_unit=F("limit_unit"),
                    urgent_limit_amount__lte=F("limit_amount"),
                )
                | Q(urgent_limit_unit=LimitUnit.HOURS, limit_unit=LimitUnit.DAYS),
                name="category_urgent_within_limit",
                violation_error_message=_(
                    "The urgent time limit may not exceed the normal one."
                ),
            ),
            # A major category only groups; everything a case needs sits on the minor one.
            models.CheckConstraint(
                condition=Q(
                    parent__isnull=True, limit_amount__isnull=True, responsibility=""
                )
                | Q(parent__isnull=False, limit_amount__isnull=False)
                & ~Q(responsibility=""),
                name="category_minor_has_limit_and_responsibility",
                violation_error_message=_(
                    "A minor category needs a time limit and a responsibility; "
                    "a major category has neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    responsibility="",
                    territorial_level="",
                    department_kind="",
                    department_level="",
                )
                | Q(
                    responsibility=Responsibility.TERRITORIAL,
                    territorial_level__in=TERRITORIAL_LEVELS,
                    department_kind="",
                    department_level="",
                )
                | Q(
                    responsibility=Responsibility.DEPARTMENTAL,
                    territorial_level="",
                    department_kind__in=DepartmentKind.values,
                    department_level__in=DEPARTMENT_LEVELS,
                ),
                name="category_responsibility_consistent",
                violation_error_message=_(
                    "A territorial category needs a territorial level (community or "
                    "township); a departmental one needs a line of work and a level "
                    "(city or district)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        """Only two levels: a minor category hangs under a major one of the same kind."""
        super().clean()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("The parent must be a major category.")})
        if self.pk is not None and self.children.exists():
            raise ValidationError(
                {"parent": _("A major category with minor ones cannot become minor.")}
            )
        if self.kind and self.parent.kind != self.kind:
            raise ValidationError(
                {"kind": _("A minor category has the kind of its major category.")}
            )

    @property
    def is_major(self) -> bool:
        return self.parent_id is None

    @property
    def is_minor(self) -> bool:
        return self.parent_id is not None

    @property
    def is_territorial(self) -> bool:
        return self.responsibility == Responsibility.TERRITORIAL

    @property
    def handling_limit(self) -> TimeLimit | None:
        if self.limit_amount is None:
            return None
        return TimeLimit(self.limit_amount, self.limit_unit)

    @property
    def urgent_limit(self) -> TimeLimit | None:
        if self.urgent_limit_amount is None:
            return None
        return TimeLimit(self.urgent_limit_amount, self.urgent_limit_unit)


class DefaultHandlingUnit(models.Model):
    """Who a platform node of one level dispatches a category to by default.

    Either "territorial" (the grid's community or township) or a line of work, meaning the
    department of that kind at the node (or above it, for nodes without departments).
    """

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="default_units",
    )
    level = models.CharField(
        _("platform level"), max_length=16, choices=level_choices(PLATFORM_LEVELS)
    )
    unit = models.CharField(_("handling unit"), max_length=32, choices=UNIT_CHOICES)

    class Meta:
        verbose_name = _("default handling unit")
        verbose_name_plural = _("default handling units")
        ordering = ["category__code", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "level"], name="default_unit_one_per_level"
            ),
            models.CheckConstraint(
                condition=Q(level__in=PLATFORM_LEVELS),
                name="default_unit_platform_level",
                violation_error_message=_("Choose a platform level."),
            ),
            models.CheckConstraint(
                condition=Q(unit__in=sorted(UNIT_VALUES)),
                name="default_unit_known_unit",
                violation_error_message=_("Choose a known handling unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} · {self.get_level_display()} → {self.get_unit_display()}"


class Attribute(models.Model):
    """An extra question a report of a category answers (e.g. the type of a missing manhole cover)."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="attributes",
    )
    code = models.SlugField(_("code"), max_length=32)
    label = models.CharField(_("label"), max_length=100)
    type = models.CharField(
        _("type"),
        max_length=16,
        choices=AttributeType.choices,
        default=AttributeType.TEXT,
    )
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("For a choice: the allowed values."),
    )
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("help"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["category__code", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="attribute_code_unique_in_category"
            ),
            models.CheckConstraint(
                condition=Q(type__in=AttributeType.values),
                name="attribute_type_valid",
                violation_error_message=_("Choose a valid attribute type."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code}.{self.code}"

    def clean(self) -> None:
        """A choice attribute lists its values; other types list none."""
        super().clean()
        choices = self.choices or []
        if not isinstance(choices, list) or not all(
            isinstance(c, str) and c.strip() for c in choices
        ):
            raise ValidationError(
                {"choices": _("Give the choices as a list of texts.")}
            )
        if self.type == AttributeType.CHOICE and not choices:
            raise ValidationError({"choices": _("A choice attribute needs choices.")})
        if self.type != AttributeType.CHOICE and choices:
            raise ValidationError(
                {"choices": _("Only a choice attribute has choices.")}
            )
        if len(set(choices)) != len(choices):
            raise ValidationError({"choices": _("The choices must differ.")})
