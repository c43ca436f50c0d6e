"""REST v1 for the catalogue: the tree of categories a case can be filed under."""

from ninja import Field, Router, Schema, Status

from wangge.catalogue.choices import AttributeType, Kind, LimitUnit, Responsibility
from wangge.catalogue.exceptions import CategoryNotFound
from wangge.catalogue.selectors import catalogue_minor_get, catalogue_tree
from wangge.core.schemas import ErrorOut

router = Router(tags=["catalogue"])


class AttributeOut(Schema):
    """An extra question a report of the category answers, under `attributes.{code}`."""

    code: str
    label: str
    type: AttributeType
    choices: list[str] = Field(
        description="The allowed values of a choice; empty otherwise"
    )
    required: bool
    help: str


class TimeLimitOut(Schema):
    amount: int = Field(description="Working hours or working days")
    unit: LimitUnit
    label: str = Field(description="The limit in words, in the caller's language")


class ResponsibilityOut(Schema):
    type: Responsibility = Field(
        description="territorial: the grid's community or township; departmental: a department"
    )
    label: str
    level: str = Field(
        description="community or township (territorial); city or district (departmental)"
    )
    department_kind: str | None = Field(
        description="The department's line of work, for a departmental category"
    )


class CategoryOut(Schema):
    """A minor category: what a case is filed under."""

    code: str
    name: str
    kind: Kind
    kind_label: str
    description: str
    parent: str = Field(description="The major category's code")
    registration_conditions: str
    closing_conditions: str
    limit: TimeLimitOut
    urgent_limit: TimeLimitOut | None
    responsibility: ResponsibilityOut
    default_units: dict[str, str] = Field(
        description='Platform level → "territorial" or the department line of work '
        "a node of that level dispatches to by default"
    )
    attributes: list[AttributeOut]


class MajorCategoryOut(Schema):
    """A major category with its active minor ones."""

    code: str
    name: str
    kind: Kind
    kind_label: str
    description: str
    children: list[CategoryOut]


@router.get(
    "/catalog",
    response=list[MajorCategoryOut],
    summary="The case categories, as a tree",
)
def catalog(request, kind: Kind | None = None):
    """Active major categories with their active minor ones, codes and extra questions."""
    return catalogue_tree(kind=kind)


@router.get(
    "/catalog/{code}",
    response={200: CategoryOut, 404: ErrorOut},
    summary="One minor category",
)
def catalog_category(request, code: str):
    """An active minor category by code; 404 for an unknown, major or inactive one."""
    try:
        return catalogue_minor_get(code)
    except CategoryNotFound as error:
        return Status(404, {"detail": error.message_dict["category"][0]})
