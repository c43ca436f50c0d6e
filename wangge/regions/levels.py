"""The administrative levels of the region tree and what each one is in the grid model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """City → district/county → township/subdistrict → community/village → cell."""

    CITY = "city", _("City")
    DISTRICT = "district", _("District/county")
    TOWNSHIP = "township", _("Township/subdistrict")
    COMMUNITY = "community", _("Community/village")
    CELL = "cell", _("Grid cell")


ORDER: tuple[str, ...] = (
    Level.CITY,
    Level.DISTRICT,
    Level.TOWNSHIP,
    Level.COMMUNITY,
    Level.CELL,
)

# Grid levels 1–3 of the Zhengzhou model sit at the bottom of the administrative tree.
GRID_LEVEL: dict[str, int] = {Level.TOWNSHIP: 1, Level.COMMUNITY: 2, Level.CELL: 3}

# The four platform levels: each of these regions runs a node of the platform.
PLATFORM_LEVELS: tuple[str, ...] = (
    Level.CITY,
    Level.DISTRICT,
    Level.TOWNSHIP,
    Level.COMMUNITY,
)

# Length of the official code at each level: GB/T 2260 (6), township (9), then the
# grid code: community (12) and cell (15).
CODE_LENGTH: dict[str, int] = {
    Level.CITY: 6,
    Level.DISTRICT: 6,
    Level.TOWNSHIP: 9,
    Level.COMMUNITY: 12,
    Level.CELL: 15,
}


def depth(level: str) -> int:
    """0 for the city, 4 for a cell."""
    return ORDER.index(level)


def child_level(level: str) -> str | None:
    i = ORDER.index(level)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def parent_level(level: str) -> str | None:
    i = ORDER.index(level)
    return ORDER[i - 1] if i > 0 else None


def code_matches_parent(code: str, level: str, parent_code: str | None) -> bool:
    """Whether a code has its level's length and extends its parent's code as GB/T 2260 does."""
    if len(code) != CODE_LENGTH[level] or not code.isdigit():
        return False
    if parent_code is None:
        return level == Level.CITY
    if level == Level.DISTRICT:
        # 410100 (city) → 4101xx (district): the first four digits are shared.
        return code[:4] == parent_code[:4] and code != parent_code
    return code.startswith(parent_code)
