"""REST v1 twins of the intake's helpers: a category search, what a point is, and open
reports of the same problem nearby (the duplicate hint shown before a report is sent).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from wangge.access.places import place_context
from wangge.api.regions import LocateIn, PathStepOut
from wangge.cases.access import cases_visible_to
from wangge.cases.models import Case
from wangge.cases.services import case_duplicates
from wangge.cases.workflow import CaseState
from wangge.catalogue.search import MAX_QUERY_LENGTH, category_search
from wangge.catalogue.selectors import category_get_by_code
from wangge.core.schemas import ErrorOut
from wangge.regions import crs as crs_module
from wangge.regions.crs import UnknownCRS
from wangge.regions.locate import OutsideGrid, unknown_crs_message

router = Router(tags=["intake"])


class CategoryHitOut(Schema):
    code: str
    name: str
    major: str = Field(description="The name of its major category")


class PersonOut(Schema):
    name: str
    phone: str = Field(description="Masked unless the caller may see it")
    phone_masked: bool


class PlaceOut(Schema):
    path: list[PathStepOut] = Field(description="City down to the cell")
    cell: PathStepOut
    community: PathStepOut | None
    grid_chiefs: list[PersonOut] = Field(
        description="The cell's grid chiefs, for callers whose area holds the cell"
    )
    address: str = Field(description="An address suggested from the regions' names")


class NearbyIn(LocateIn):
    category: str = Field(max_length=16, description="Code of a minor category")


class NearbyCaseOut(Schema):
    number: str
    category: str
    state: CaseState
    address: str
    created_at: datetime
    lon: float
    lat: float

    @staticmethod
    def resolve_category(case: Case) -> str:
        return case.category.code


class NearbyOut(Schema):
    items: list[NearbyCaseOut]


@router.get(
    "/catalog/search",
    response=list[CategoryHitOut],
    summary="Find categories by code or name",
)
def catalog_search(
    request,
    q: str = Query(..., max_length=MAX_QUERY_LENGTH, description="Code or words"),
):
    """Active minor categories whose code starts with `q` or whose name contains it."""
    return category_search(q)


@router.get(
    "/locate/context",
    response={200: PlaceOut, 400: ErrorOut, 404: ErrorOut},
    summary="The cell of a point, its community, grid chief and an address",
)
def locate_context(request, query: Query[LocateIn]):
    """What intake shows as soon as a point is chosen; 404 outside every cell."""
    try:
        place = place_context(request.user, query.lon, query.lat, query.crs)
    except UnknownCRS as error:
        raise ValidationError({"crs": [unknown_crs_message(error)]}) from error
    except OutsideGrid as outside:
        return Status(404, {"detail": outside.message})
    return {
        "path": place.path,
        "cell": place.cell,
        "community": place.community,
        "grid_chiefs": place.chiefs,
        "address": place.address,
    }


@router.get(
    "/cases/nearby",
    response={200: NearbyOut, 400: ErrorOut},
    summary="Open reports of the same category near a point",
)
def cases_nearby(request, query: Query[NearbyIn]):
    """Open cases the caller may see, of `category`, within the duplicate radius of the
    point and reported within the duplicate window: the hint before a report is sent."""
    category = category_get_by_code(query.category)
    try:
        lon, lat = crs_module.to_wgs84(query.lon, query.lat, query.crs)
    except UnknownCRS as error:
        raise ValidationError({"crs": [unknown_crs_message(error)]}) from error
    visible = cases_visible_to(request.user)
    near = case_duplicates(category, lon, lat, among=visible)
    items = (
        visible.filter(pk__in=[c.pk for c in near])
        .select_related("category")
        .only(
            "number", "state", "address", "created_at", "lon", "lat", "category__code"
        )
        .order_by("-created_at", "-id")
    )
    return {"items": list(items)}
