"""The fixed vocabularies of the catalogue: kinds, time-limit units, responsibility, lines of work.

Plain choices, no ORM, so the row checks of `records` and the models share them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.regions.levels import Level

# Category codes: stable identifiers that files, cases and routing rules refer to.
CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]*"
CODE_MAX_LENGTH = 16


class Kind(models.TextChoices):
    """The four families of the catalogue; a minor category has its major's kind."""

    COMPONENT = (
        "component",
        _("Component"),
    )  # 部件: a public facility is damaged or missing
    EVENT = "event", _("Event")  # 事件: something happens in the street
    CAMPAIGN = "campaign", _("Campaign problem")  # 集中排查治理, the 2012 sweep
    IMPROVEMENT = "improvement", _("City improvement task")  # 城市提升


class LimitUnit(models.TextChoices):
    """Time limits count working time only (working calendar and office hours)."""

    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


class Responsibility(models.TextChoices):
    """Who answers for a minor category: the place (属地) or the line of work (谁主管谁负责)."""

    TERRITORIAL = "territorial", _("Territorial")
    DEPARTMENTAL = "departmental", _("Departmental")


class Source(models.TextChoices):
    """Where a category of the shipped catalogue comes from."""

    STANDARD = "standard", _("National standard (GB/T 30428)")
    ARTICLE = "article", _("Named in the 2012 Zhengzhou article")
    ASSUMED = "assumed", _("Assumed where the sources are silent")
    LOCAL = "local", _("Added locally")


class AttributeType(models.TextChoices):
    """The value types an extra question (attribute) may ask for."""

    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    INTEGER = "integer", _("Whole number")
    BOOLEAN = "boolean", _("Yes/no")
    CHOICE = "choice", _("Choice")
    DATE = "date", _("Date")


class DepartmentKind(models.TextChoices):
    """Lines of work of functional departments; the same slugs as `people.Department.kind`."""

    URBAN_MANAGEMENT = "urban_management", _("Urban management")
    HOUSING = "housing", _("Housing and construction")
    EMERGENCY = "emergency", _("Emergency management")
    PUBLIC_SECURITY = "public_security", _("Public security")
    MARKET_REGULATION = "market_regulation", _("Market regulation")
    ECOLOGY = "ecology", _("Ecology and environment")
    PETITIONS = "petitions", _("Letters and visits")
    TRANSPORT = "transport", _("Transport")
    NATURAL_RESOURCES = "natural_resources", _("Natural resources")
    WATER = "water", _("Water resources")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")


# A territorial category is handled by the grid's community or township ...
TERRITORIAL_LEVELS: tuple[str, ...] = (Level.TOWNSHIP, Level.COMMUNITY)
# ... a departmental one by a department seated at the city or a district.
DEPARTMENT_LEVELS: tuple[str, ...] = (Level.CITY, Level.DISTRICT)

# The default handling unit at a platform node: "territorial" (send it to the grid's
# community or township) or the line of work of one of the node's departments.
UNIT_TERRITORIAL = "territorial"
UNIT_CHOICES: list[tuple[str, object]] = [
    (UNIT_TERRITORIAL, _("Territorial: the grid's community or township")),
    *DepartmentKind.choices,
]
UNIT_VALUES: frozenset[str] = frozenset(value for value, _label in UNIT_CHOICES)


def level_choices(levels: tuple[str, ...]) -> list[tuple[str, object]]:
    """The (value, label) pairs of some region levels, in their tree order."""
    return [(value, label) for value, label in Level.choices if value in levels]
