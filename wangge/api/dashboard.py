"""REST v1 for the command dashboard: the figures of a region and a period (`cases.statistics`)."""

from datetime import date

from ninja import Field, Query, Router, Schema

from wangge.cases.statistics import (
    dashboard_figures,
    dashboard_markers,
    dashboard_region_get,
    figures_as_dict,
    period_parse,
)
from wangge.core.schemas import ErrorOut
from wangge.regions.levels import Level

router = Router(tags=["dashboard"])


class PeriodIn(Schema):
    start: str | None = Field(
        None,
        alias="from",
        description="First reporting day (YYYY-MM-DD); default: 29 days before `to`",
    )
    end: str | None = Field(
        None, alias="to", description="Last reporting day (YYYY-MM-DD); default: today"
    )


class DashboardRegionOut(Schema):
    code: str
    name: str
    level: Level


class PeriodOut(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")


class TotalsOut(Schema):
    reported: int = Field(description="Cases reported in the period")
    open: int = Field(description="Of those, still open")
    overdue: int = Field(description="Of those, open with a red light")
    closed: int
    on_time_rate: float | None = Field(
        description="Share of handling stages that ended within their limit (按期处置率)"
    )
    satisfied_rate: float | None = Field(
        description="Share of ratings that are satisfied or basically satisfied"
    )


class DayOut(Schema):
    day: date
    count: int


class SliceOut(Schema):
    key: str = Field(description="The stored value: a state, channel, category id …")
    label: str
    count: int


class ChildOut(Schema):
    code: str
    name: str
    reported: int
    open: int
    overdue: int
    on_time_rate: float | None


class DashboardOut(Schema):
    region: DashboardRegionOut
    period: PeriodOut
    totals: TotalsOut
    by_day: list[DayOut]
    by_state: list[SliceOut]
    funnel: list[SliceOut]
    by_category: list[SliceOut]
    by_channel: list[SliceOut]
    satisfaction: list[SliceOut]
    children: list[ChildOut] = Field(description="The regions directly below")


class MarkerOut(Schema):
    number: str
    lon: float
    lat: float
    overdue: bool


@router.get(
    "/dashboard/{code}",
    response={200: DashboardOut, 400: ErrorOut, 404: ErrorOut},
    by_alias=True,
    summary="The command dashboard's figures of a region",
)
def dashboard(request, code: str, period: Query[PeriodIn]):
    """Counts of the cases reported in the period in a region whose every case the caller
    sees (by day, state, funnel, category, channel, rating, and per region below); any
    other region answers 404."""
    region = dashboard_region_get(request.user, code)
    figures = dashboard_figures(
        request.user, region, period_parse(period.start, period.end)
    )
    return figures_as_dict(figures)


@router.get(
    "/dashboard/{code}/markers",
    response={200: list[MarkerOut], 400: ErrorOut, 404: ErrorOut},
    summary="The newest open cases of a region, for a map",
)
def dashboard_cases(request, code: str, period: Query[PeriodIn]):
    """At most 500 open cases reported in the period, newest first, with their position."""
    region = dashboard_region_get(request.user, code)
    return dashboard_markers(
        request.user, region, period_parse(period.start, period.end)
    )
