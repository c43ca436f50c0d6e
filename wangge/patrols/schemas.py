"""Input and output shapes of the patrols REST API (`patrols.api`)."""

from datetime import datetime

from ninja import Field, Schema

from wangge.cases.models import Channel
from wangge.cases.schemas import CaseIn
from wangge.patrols.models import PatrolStatus
from wangge.patrols.track import MAX_POINTS_PER_BATCH


class PatrolStartIn(Schema):
    cell: str = Field(
        "",
        max_length=20,
        description="Code of the cell to patrol; may be left out by a worker of one cell",
    )


class PointIn(Schema):
    lon: float = Field(
        description="Longitude, WGS-84 (what a browser's geolocation gives)"
    )
    lat: float = Field(description="Latitude, WGS-84")
    accuracy: float | None = Field(None, description="Accuracy of the fix in metres")
    recorded_at: datetime = Field(description="When the phone took the fix (ISO 8601)")


class PointsIn(Schema):
    points: list[PointIn] = Field(
        max_length=MAX_POINTS_PER_BATCH,
        description="Track points in any order; a point sent before is not added twice",
    )


class PointsAddedOut(Schema):
    added: int = Field(description="How many of the points were new")
    total: int = Field(description="Points of the patrol's track now")


class CheckInIn(Schema):
    place: str = Field(max_length=100, description="The building or place checked at")
    lon: float
    lat: float
    note: str = Field("", max_length=500)


class CheckInOut(Schema):
    id: int
    place: str
    lon: float
    lat: float
    note: str
    checked_at: datetime


class PointOut(Schema):
    lon: float
    lat: float
    accuracy: float | None
    recorded_at: datetime


class PatrolOut(Schema):
    id: int
    worker: str = Field(description="The grid worker's name")
    cell: str = Field(description="The cell's code")
    cell_name: str
    status: PatrolStatus
    started_at: datetime
    ended_at: datetime | None
    distance_m: float = Field(description="Length of the track, measured when it ended")
    point_count: int
    check_in_count: int
    finding_count: int

    @staticmethod
    def resolve_worker(patrol) -> str:
        return str(patrol.worker)

    @staticmethod
    def resolve_cell(patrol) -> str:
        return patrol.cell.code

    @staticmethod
    def resolve_cell_name(patrol) -> str:
        return patrol.cell.name


class PatrolDetailOut(PatrolOut):
    points: list[PointOut]
    check_ins: list[CheckInOut]
    findings: list[str] = Field(
        description="Numbers of the cases reported on the patrol"
    )

    @staticmethod
    def resolve_points(patrol) -> list:
        return list(patrol.points.all())

    @staticmethod
    def resolve_check_ins(patrol) -> list:
        return list(patrol.check_ins.all())

    @staticmethod
    def resolve_findings(patrol) -> list[str]:
        return [finding.case.number for finding in patrol.findings.all()]


class PatrolListOut(Schema):
    count: int
    items: list[PatrolOut]


class FindingIn(CaseIn):
    """A problem found on the patrol: a report whose channel is always `patrol`."""

    channel: Channel = Field(Channel.PATROL, description="Always `patrol`")
