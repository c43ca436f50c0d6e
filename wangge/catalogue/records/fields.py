"""The fields of a catalogue row and the typed records a checked row becomes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wangge.catalogue.choices import (
    DEPARTMENT_LEVELS,
    UNIT_TERRITORIAL,
    Responsibility,
    Source,
)
from wangge.regions.levels import PLATFORM_LEVELS

UNIT_FIELDS: dict[str, str] = {f"unit_{level}": level for level in PLATFORM_LEVELS}

FIELDS: tuple[str, ...] = (
    "code",
    "parent",
    "kind",
    "name",
    "description",
    "is_active",
    "source",
    "registration_conditions",
    "closing_conditions",
    "limit_amount",
    "limit_unit",
    "urgent_limit_amount",
    "urgent_limit_unit",
    "responsibility",
    "territorial_level",
    "department_kind",
    "department_level",
    *UNIT_FIELDS,
    "attributes",
)
REQUIRED_FIELDS: tuple[str, ...] = ("code", "kind", "name")
ATTRIBUTE_FIELDS: tuple[str, ...] = (
    "code",
    "label",
    "type",
    "choices",
    "required",
    "help",
)

# What each field means, for the header comments of a spreadsheet.
FIELD_LABELS: dict[str, object] = {
    "code": gettext_lazy("code"),
    "parent": gettext_lazy("major category (code; empty for a major category)"),
    "kind": gettext_lazy("kind: component, event, campaign or improvement"),
    "name": gettext_lazy("name"),
    "description": gettext_lazy("description"),
    "is_active": gettext_lazy("active (true/false)"),
    "source": gettext_lazy("source: standard, article, assumed or local"),
    "registration_conditions": gettext_lazy("registration conditions"),
    "closing_conditions": gettext_lazy("closing conditions"),
    "limit_amount": gettext_lazy("time limit (working hours or days)"),
    "limit_unit": gettext_lazy("time limit unit: hours or days"),
    "urgent_limit_amount": gettext_lazy("urgent time limit"),
    "urgent_limit_unit": gettext_lazy("urgent time limit unit: hours or days"),
    "responsibility": gettext_lazy("responsibility: territorial or departmental"),
    "territorial_level": gettext_lazy("territorial level: community or township"),
    "department_kind": gettext_lazy("department line of work"),
    "department_level": gettext_lazy("department level: city or district"),
    "unit_city": gettext_lazy("default handling unit at a city node"),
    "unit_district": gettext_lazy("default handling unit at a district node"),
    "unit_township": gettext_lazy("default handling unit at a township node"),
    "unit_community": gettext_lazy("default handling unit at a community node"),
    "attributes": gettext_lazy(
        "attributes: JSON list of {code, label, type, choices, required, help}"
    ),
}


@dataclass(frozen=True)
class RowError:
    """One reason a row cannot be written: its row number, its code and the field at fault.

    Row 0 stands for the file as a whole (unreadable, empty); a spreadsheet's header is row 1.
    """

    row: int
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:  # the file as a whole
            return self.message
        return _("row %(row)s (code %(code)s), %(field)s: %(message)s") % {
            "row": self.row,
            "code": self.code or "-",
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class AttributeRecord:
    """One extra question of a category, as a file carries it."""

    code: str
    label: str
    type: str
    choices: tuple[str, ...] = ()
    required: bool = False
    help: str = ""

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "type": self.type,
            "choices": list(self.choices),
            "required": self.required,
            "help": self.help,
        }


@dataclass(frozen=True)
class CategoryRecord:
    """One checked category row, ready to be written."""

    row: int
    code: str
    parent: str
    kind: str
    name: str
    description: str = ""
    is_active: bool = True
    source: str = Source.LOCAL
    registration_conditions: str = ""
    closing_conditions: str = ""
    limit_amount: int | None = None
    limit_unit: str = ""
    urgent_limit_amount: int | None = None
    urgent_limit_unit: str = ""
    responsibility: str = ""
    territorial_level: str = ""
    department_kind: str = ""
    department_level: str = ""
    default_units: dict[str, str] = field(default_factory=dict)
    attributes: tuple[AttributeRecord, ...] = ()

    @property
    def is_major(self) -> bool:
        return not self.parent

    def to_row(self) -> dict:
        """The flat row of the file formats (attributes as a list of dicts)."""
        row = {}
        for name in FIELDS:
            if name in UNIT_FIELDS:
                row[name] = self.default_units.get(UNIT_FIELDS[name], "")
            elif name == "attributes":
                row[name] = [a.to_dict() for a in self.attributes]
            else:
                row[name] = getattr(self, name)
        return row


def derive_default_units(responsibility: str, department_kind: str) -> dict[str, str]:
    """The default handling unit per platform level when a row leaves it blank.

    Territorial: every node sends the case to the grid's community or township.
    Departmental: city and district nodes send it to their department of that line of work;
    township and community nodes, which have no departments, handle it territorially.
    """
    if responsibility == Responsibility.DEPARTMENTAL and department_kind:
        return {
            level: department_kind if level in DEPARTMENT_LEVELS else UNIT_TERRITORIAL
            for level in PLATFORM_LEVELS
        }
    return dict.fromkeys(PLATFORM_LEVELS, UNIT_TERRITORIAL)
