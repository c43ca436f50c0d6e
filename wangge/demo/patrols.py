"""Demo patrols (巡查): the demo's grid workers walked their cells on each of the last days.

Told through the patrol services with the clock frozen at each moment, like the demo's
cases: a start in the morning, a track of points every two minutes wandering inside the
cell, check-ins at a few places, the worker's own patrol-channel reports of that morning
linked as its findings, and an end. Deterministic: a function of the seed and the clock.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np
from django.utils import timezone
from shapely.geometry import Point, shape
from shapely.prepared import prep

from wangge.cases.models import Case, Channel
from wangge.core import clock
from wangge.demo.regions.naming import PUBLIC_UNITS
from wangge.patrols import services
from wangge.patrols.models import Finding, Patrol
from wangge.people.models import Post
from wangge.people.roles import Role
from wangge.regions.addresses import cell_place

# How many grid workers patrol in the demo (those who reported from the field lately,
# then the first by cell code), over how many past days; a walk's length and pace.
WORKERS = 40
DAYS = 5
STEP = timedelta(minutes=2)
WALK_MINUTES = (45, 90)
STEP_METRES = 60


def seed_patrols(
    rng: np.random.Generator, *, workers: int = WORKERS, days: int = DAYS
) -> int:
    """Patrols of the first `workers` grid workers on each of the last `days` days; their count."""
    now = clock.now()
    since = now - timedelta(days=days + 1)
    found = defaultdict(list)
    for pk, user_id, cell_id, at in Case.objects.filter(
        channel=Channel.PATROL, created_by__isnull=False, created_at__gte=since
    ).values_list("pk", "created_by", "cell_id", "created_at"):
        found[user_id, cell_id, timezone.localdate(at)].append((at, pk))
    reporters = {(user_id, cell_id) for user_id, cell_id, _day in found}
    candidates = list(
        Post.objects.active()
        .filter(role=Role.GRID_WORKER, region__boundary__isnull=False)
        .select_related("user", "region")
        .order_by("region__code", "user_id")
    )
    # Those who reported from the field lately walk first; the first cells fill the rest.
    posts = sorted(candidates, key=lambda p: (p.user_id, p.region_id) not in reporters)[
        :workers
    ]
    made = 0
    for post in posts:
        walker = _Walker(post, rng)
        for back in range(days, 0, -1):
            day = timezone.localdate(now) - timedelta(days=back)
            reports = found.get((post.user_id, post.region_id, day), [])
            made += walker.walk(day, reports, now)
    return made


class _Walker:
    """One grid worker and their cell: where a walk may go, and the places to check at."""

    def __init__(self, post: Post, rng: np.random.Generator) -> None:
        self.worker, self.cell, self.rng = post.user, post.region, rng
        outline = shape(self.cell.boundary)
        self.inside = prep(outline)
        self.bounds = outline.bounds
        self.start_point = (self.cell.centroid_lon, self.cell.centroid_lat)
        self.places = [cell_place(self.cell.name), *PUBLIC_UNITS]

    def walk(self, day, reports: list[tuple[datetime, int]], now: datetime) -> int:
        start = self._start(day, reports)
        minutes = int(self.rng.integers(*WALK_MINUTES))
        end = start + timedelta(minutes=minutes)
        if end >= now:
            return 0
        with clock.frozen_at(start):
            patrol = services.patrol_start(worker=self.worker, cell=self.cell)
        track = self._track(start, end)
        for index in sorted(
            self.rng.choice(len(track), size=min(3, len(track)), replace=False)
        ):
            lon, lat, at = track[index]
            with clock.frozen_at(at):
                services.patrol_check_in(
                    patrol=patrol,
                    actor=self.worker,
                    place=self._place(),
                    lon=lon,
                    lat=lat,
                )
        with clock.frozen_at(end):
            services.patrol_points_add(
                patrol=patrol,
                actor=self.worker,
                points=[
                    services.TrackPoint(
                        lon=lon,
                        lat=lat,
                        accuracy=float(self.rng.integers(5, 30)),
                        recorded_at=at,
                    )
                    for lon, lat, at in track
                ],
            )
            services.patrol_end(patrol=patrol, actor=self.worker)
        _link(patrol, [pk for at, pk in reports if start <= at <= end])
        return 1

    def _start(self, day, reports) -> datetime:
        if reports:
            # The walk on which the morning's reports were made.
            return min(at for at, _pk in reports) - timedelta(
                minutes=int(self.rng.integers(15, 40))
            )
        local = datetime(day.year, day.month, day.day, 8, 30)
        minutes = int(self.rng.integers(0, 120))
        return timezone.make_aware(local) + timedelta(minutes=minutes)

    def _track(
        self, start: datetime, end: datetime
    ) -> list[tuple[float, float, datetime]]:
        """A wander from the cell's centre, a step every two minutes, kept inside the cell."""
        lon, lat = self.start_point
        points, at = [], start + STEP
        dlat = STEP_METRES / 111_320
        dlon = dlat / max(np.cos(np.radians(lat)), 0.01)
        while at <= end:
            for _try in range(4):
                angle = float(self.rng.uniform(0, 2 * np.pi))
                nlon, nlat = lon + dlon * np.cos(angle), lat + dlat * np.sin(angle)
                if self.inside.contains(Point(nlon, nlat)):
                    lon, lat = nlon, nlat
                    break
            points.append((round(lon, 6), round(lat, 6), at))
            at += STEP
        return points

    def _place(self) -> str:
        return self.places[int(self.rng.integers(len(self.places)))]


def _link(patrol: Patrol, case_ids: list[int]) -> None:
    """The worker's patrol reports of that walk, as its findings."""
    taken = set(
        Finding.objects.filter(case_id__in=case_ids).values_list("case_id", flat=True)
    )
    Finding.objects.bulk_create(
        [Finding(patrol=patrol, case_id=pk) for pk in case_ids if pk not in taken]
    )
