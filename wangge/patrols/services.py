"""Every write to patrols: start, track points, check-ins, findings reported as cases, end.

A patrol belongs to its grid worker: only they add to it, and only while it is open.
Bad input raises `ValidationError` naming the field, and nothing is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _
from shapely.geometry import shape

from wangge.access.jurisdiction import active_posts
from wangge.cases import services as case_services
from wangge.cases.models import Case, CaseAttachment, Channel
from wangge.cases.workflow import Action
from wangge.core import clock
from wangge.patrols import track
from wangge.patrols.models import CheckIn, Finding, Patrol, PatrolPoint, PatrolStatus
from wangge.people.roles import Role
from wangge.regions.models import Region

# Who walks a cell: its grid (the chief and the workers helping them).
PATROLLING_ROLES = frozenset({Role.GRID_WORKER, Role.GRID_CHIEF})


@dataclass(frozen=True)
class TrackPoint:
    """A point as the phone sends it, before validation."""

    lon: float
    lat: float
    recorded_at: datetime | str
    accuracy: float | None = None


class PointsAdded(NamedTuple):
    added: int
    total: int


def patrol_cells(user) -> list[Region]:
    """The cells the user may patrol: those where they hold a grid post today."""
    cells = {
        post.region.pk: post.region
        for post in active_posts(user)
        if post.role in PATROLLING_ROLES
    }
    return sorted(cells.values(), key=lambda region: region.code)


def patrol_start(*, worker, cell: Region | None = None) -> Patrol:
    """Start a patrol of one of the worker's cells (their only cell when they have one)."""
    cells = patrol_cells(worker)
    if cell is None and len(cells) == 1:
        cell = cells[0]
    if cell is None or cell.pk not in {c.pk for c in cells}:
        raise ValidationError(
            {
                "cell": _("Choose a cell where you hold a grid post.")
                if cells
                else _("You hold no grid post: only a cell's grid patrols it.")
            }
        )
    if Patrol.objects.filter(worker=worker, status=PatrolStatus.OPEN).exists():
        raise _already_open()
    try:
        with transaction.atomic():
            return Patrol.objects.create(
                worker=worker, cell=cell, cell_path=cell.path, started_at=clock.now()
            )
    except IntegrityError:
        # Two starts at once: the unique constraint let one through.
        raise _already_open() from None


def _already_open() -> ValidationError:
    return ValidationError(
        {"patrol": _("You already have a patrol under way: end it first.")}
    )


def _check_worker(patrol: Patrol, actor) -> None:
    if patrol.worker_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the grid worker on this patrol may add to it."))


def _lock_open(patrol: Patrol, actor) -> Patrol:
    """The patrol re-read and locked, if the actor may add to it now."""
    _check_worker(patrol, actor)
    patrol = (
        Patrol.objects.select_for_update(of=("self",))
        .select_related("cell")
        .get(pk=patrol.pk)
    )
    if not patrol.is_open:
        raise ValidationError({"patrol": _("This patrol has ended.")})
    return patrol


def _box(patrol: Patrol) -> track.Box:
    return track.Box.around(shape(patrol.cell.boundary).bounds)


def _moment(value, field: str) -> datetime:
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        raise ValidationError(
            {field: _("Give the time as ISO 8601, e.g. 2026-12-01T09:30:00+08:00.")}
        )
    return make_aware(moment) if is_naive(moment) else moment


def _numbers(point: TrackPoint) -> tuple[float, float, float | None]:
    try:
        lon, lat = float(point.lon), float(point.lat)
    except (TypeError, ValueError):
        raise ValidationError(
            {"lon": _("Longitude and latitude must be numbers.")}
        ) from None
    if point.accuracy is None:
        return lon, lat, None
    try:
        return lon, lat, float(point.accuracy)
    except (TypeError, ValueError):
        raise ValidationError({"accuracy": _("Enter a number.")}) from None


_PROBLEMS = {
    "not_a_number": lambda: _("Longitude and latitude must be numbers."),
    "far_from_cell": lambda: (
        _("The point lies more than %(km)s km outside the patrol's cell: a wrong fix.")
        % {"km": track.MARGIN_METRES // 1000}
    ),
    "accuracy": lambda: (
        _("The accuracy must be between 0 and %(most)d metres.")
        % {"most": track.MAX_ACCURACY_METRES}
    ),
    "time": lambda: _(
        "The time lies outside the patrol (before its start or in the future)."
    ),
}


@transaction.atomic
def patrol_points_add(
    *, patrol: Patrol, actor, points: list[TrackPoint]
) -> PointsAdded:
    """Add a batch of track points; a point sent before (same time) is not added twice.

    Answers how many points are new, and how many the track has now. One bad point refuses the whole batch, naming it
    (`points[3].lon`).
    """
    patrol = _lock_open(patrol, actor)
    if len(points) > track.MAX_POINTS_PER_BATCH:
        raise ValidationError(
            {
                "points": _("At most %(n)d points in one request.")
                % {"n": track.MAX_POINTS_PER_BATCH}
            }
        )
    box, now = _box(patrol), clock.now()
    rows, errors = [], {}
    for index, point in enumerate(points):
        try:
            at = _moment(point.recorded_at, "recorded_at")
            lon, lat, accuracy = _numbers(point)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"points[{index}].{name}"] = messages
            continue
        problems = track.point_problems(
            lon=lon,
            lat=lat,
            accuracy=accuracy,
            recorded_at=at,
            box=box,
            started_at=patrol.started_at,
            now=now,
        )
        for name, kind in problems.items():
            errors[f"points[{index}].{name}"] = [_PROBLEMS[kind]()]
        rows.append(
            PatrolPoint(
                patrol=patrol, lon=lon, lat=lat, accuracy=accuracy, recorded_at=at
            )
        )
    if errors:
        raise ValidationError(errors)
    stored = PatrolPoint.objects.filter(patrol=patrol)
    before = stored.count()
    PatrolPoint.objects.bulk_create(rows, ignore_conflicts=True)
    after = stored.count()
    return PointsAdded(added=after - before, total=after)


def _place_point(patrol: Patrol, lon, lat) -> tuple[float, float]:
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValidationError(
            {"lon": _("Longitude and latitude must be numbers.")}
        ) from None
    if not (math.isfinite(lon) and math.isfinite(lat)) or not _box(patrol).holds(
        lon, lat
    ):
        raise ValidationError({"lon": _PROBLEMS["far_from_cell"]()})
    return lon, lat


@transaction.atomic
def patrol_check_in(
    *, patrol: Patrol, actor, place: str, lon: float, lat: float, note: str = ""
) -> CheckIn:
    """Record a stop at a named place of the cell, where the phone stands now."""
    patrol = _lock_open(patrol, actor)
    place, note = (place or "").strip(), (note or "").strip()
    if not place:
        raise ValidationError({"place": _("Name the place you checked in at.")})
    if len(place) > 100:
        raise ValidationError({"place": _("At most 100 characters.")})
    if len(note) > 500:
        raise ValidationError({"note": _("At most 500 characters.")})
    lon, lat = _place_point(patrol, lon, lat)
    return CheckIn.objects.create(
        patrol=patrol, place=place, lon=lon, lat=lat, note=note, checked_at=clock.now()
    )


@transaction.atomic
def patrol_end(*, patrol: Patrol, actor) -> Patrol:
    """End the patrol: its length is measured along its track."""
    patrol = _lock_open(patrol, actor)
    patrol.status = PatrolStatus.ENDED
    patrol.ended_at = clock.now()
    patrol.distance_m = round(
        track.track_length(
            patrol.points.order_by("recorded_at").values_list("lon", "lat")
        ),
        1,
    )
    patrol.save(update_fields=["status", "ended_at", "distance_m", "updated_at"])
    return patrol


def patrol_report(
    *,
    patrol: Patrol | None,
    actor,
    report: case_services.Report,
    idempotency_key: str = "",
) -> case_services.Intake:
    """Report a problem found in the field as a case (channel `patrol`), linked to the patrol.

    Through the one intake service, `Idempotency-Key` included: a report sent again from
    a phone that lost its answer links the first case, and creates no second one. A
    report kept on the phone as a draft may arrive after the patrol ended: it still counts.
    Without a patrol (a problem seen on the way), the case stands alone.
    """
    if patrol is not None:
        _check_worker(patrol, actor)
    intake = case_services.case_create(
        report=replace(report, channel=Channel.PATROL),
        actor=actor,
        idempotency_key=idempotency_key,
    )
    if patrol is not None:
        Finding.objects.get_or_create(case=intake.case, defaults={"patrol": patrol})
    return intake


@transaction.atomic
def case_verify_on_site(
    *, case: Case, actor, photo_name: str, photo: bytes, passed: bool, note: str = ""
) -> Case:
    """Verify a handled case where it is: the photo taken on site, then pass or rework."""
    case_services.case_photo_add(
        case=case,
        actor=actor,
        stage=CaseAttachment.Stage.VERIFICATION,
        name=photo_name,
        data=photo,
    )
    return case_services.case_transition(
        case=case,
        action=Action.VERIFY_PASS if passed else Action.VERIFY_FAIL,
        actor=actor,
        note=note,
    )
