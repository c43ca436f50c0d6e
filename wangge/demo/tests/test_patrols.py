"""The demo's patrols: the grid workers' walks of the last days, with tracks, check-ins and
their field reports linked, told through the patrol services and the same every time."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from shapely.geometry import Point, shape

from wangge.core import clock
from wangge.demo.patrols import DAYS, seed_patrols
from wangge.patrols.models import CheckIn, Finding, Patrol, PatrolPoint, PatrolStatus
from wangge.regions import locate

AS_OF = datetime(2026, 12, 2, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small demo city as of a frozen moment, seeded once and rolled back."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    with time_machine.travel(AS_OF, tick=False), media, django_db_blocker.unblock():
        with transaction.atomic():
            call_command(
                "seed_demo", cells=300, cases=200, seed=11, stdout=io.StringIO()
            )
            yield clock.now()
            transaction.set_rollback(True)
        locate.reset_index()


@pytest.fixture
def now(seeded, db):
    return seeded


def signature():
    return list(
        Patrol.objects.order_by("worker_id", "started_at").values_list(
            "worker_id", "cell_id", "started_at", "ended_at", "distance_m"
        )
    )


def test_the_grid_workers_walked_on_the_last_days(now):
    patrols = Patrol.objects.all()
    assert patrols.count() > 0
    assert not patrols.exclude(status=PatrolStatus.ENDED).exists()
    assert not patrols.filter(started_at__lt=now - timedelta(days=DAYS + 1)).exists()
    assert not patrols.filter(ended_at__gte=now).exists()
    assert PatrolPoint.objects.count() > 10 * patrols.count()
    assert CheckIn.objects.count() >= 2 * patrols.count()


def test_every_track_stays_in_its_cell(now):
    for patrol in Patrol.objects.select_related("cell")[:20]:
        outline = shape(patrol.cell.boundary).buffer(1e-9)
        assert all(outline.contains(Point(p.lon, p.lat)) for p in patrol.points.all())
        assert patrol.distance_m > 0


def test_findings_are_the_workers_own_field_reports_of_the_walk(now):
    findings = Finding.objects.select_related("case", "patrol")
    assert findings.exists()
    for finding in findings:
        case, patrol = finding.case, finding.patrol
        assert case.channel == "patrol"
        assert case.created_by_id == patrol.worker_id
        assert patrol.started_at <= case.created_at <= patrol.ended_at


def test_the_same_seed_and_clock_give_the_same_patrols(now):
    first = signature()
    with transaction.atomic():
        Finding.objects.all().delete()
        Patrol.objects.all().delete()
        seed_patrols(np.random.default_rng([11, 3]))
        assert signature() != [] and [row[:2] for row in signature()] == [
            row[:2] for row in first
        ]
        assert signature() == first
        transaction.set_rollback(True)
