"""REST v1 for regions: a search, one region, its children, and which cell holds a point."""

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from wangge.access.jurisdiction import (
    region_get_for_user,
    region_search,
    regions_visible_to,
)
from wangge.core.schemas import ErrorOut, PageQuery, page_of, page_schema
from wangge.regions.crs import CRS_CHOICES, WGS84, UnknownCRS
from wangge.regions.levels import Level
from wangge.regions.locate import OutsideGrid, locate_path, unknown_crs_message
from wangge.regions.models import Region

router = Router(tags=["regions"])


class GeometryOut(Schema):
    """A GeoJSON geometry in WGS-84."""

    type: str = Field(description="Polygon or MultiPolygon")
    coordinates: list


class RegionSummaryOut(Schema):
    code: str = Field(
        description="Official code: GB/T 2260, township (9 digits) or grid code (12, 15)"
    )
    name: str
    level: Level
    parent: str | None = Field(
        description="The parent region's code; null for the city"
    )
    centroid: tuple[float, float] | None = Field(
        description="[lon, lat] of a point inside the region (WGS-84)"
    )

    @staticmethod
    def resolve_parent(region: Region) -> str | None:
        return region.parent.code if region.parent_id else None


class RegionOut(RegionSummaryOut):
    boundary: GeometryOut | None


class PathStepOut(Schema):
    level: Level
    code: str
    name: str


class LocateIn(Schema):
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees")
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees")
    crs: str = Field(
        WGS84,
        description=f"Coordinate system of lon and lat: one of {', '.join(CRS_CHOICES)} "
        "(GCJ-02 and BD-09 are what phone map SDKs in China give)",
    )


class RegionSearchQuery(PageQuery):
    q: str = Field(
        min_length=1,
        max_length=100,
        description="Part of the name, or the beginning of the code",
    )


# Before `/regions/{code}`, so "search" is not read as a region's code.
@router.get(
    "/regions/search",
    response={200: page_schema(RegionSummaryOut), 400: ErrorOut},
    summary="Regions of the caller's area by name or code",
)
def region_search_view(request, query: Query[RegionSearchQuery]):
    """Regions of the caller's jurisdiction whose name contains `q` or whose code starts
    with it, in tree order (city, district, township…), without boundaries."""
    found = (
        region_search(request.user, query.q)
        .select_related("parent")
        .defer("parent__boundary")
    )
    return page_of(found, query)


@router.get(
    "/regions/{code}",
    response={200: RegionOut, 404: ErrorOut},
    summary="One region with its boundary",
)
def region_detail(request, code: str):
    """A region in the caller's jurisdiction; any other code answers 404."""
    return region_get_for_user(request.user, code)


@router.get(
    "/regions/{code}/children",
    response={200: list[RegionSummaryOut], 404: ErrorOut},
    summary="The regions directly under a region",
)
def region_children(request, code: str):
    """The children of a region in the caller's jurisdiction, by code, without boundaries."""
    region = region_get_for_user(request.user, code)
    return (
        regions_visible_to(request.user).filter(parent=region).select_related("parent")
    )


@router.get(
    "/locate",
    response={200: list[PathStepOut], 400: ErrorOut, 404: ErrorOut},
    summary="The regions holding a point",
    exclude_none=True,
)
def locate_point(request, query: Query[LocateIn]):
    """The path from the city down to the grid cell holding the point; 404 outside every cell.

    Names and codes of administrative units are not confidential, so the answer does
    not depend on the caller's jurisdiction (intake must place any point of the city).
    """
    try:
        return locate_path(query.lon, query.lat, query.crs)
    except UnknownCRS as error:
        raise ValidationError({"crs": [unknown_crs_message(error)]}) from error
    except OutsideGrid as error:
        return Status(404, {"detail": error.message})
