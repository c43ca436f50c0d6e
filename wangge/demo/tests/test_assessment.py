"""`seed_demo` publishes last month's assessment, computed from its cases, with a trend,
a reward, a penalty and a re-inspection sample; the same seed and clock give the same scores."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wangge.assessment.models import Reinspection, Sanction, Snapshot, UnitKind
from wangge.regions import locate

AS_OF = datetime(2026, 12, 2, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _seed(tmp_path_factory) -> list:
    """Seed a small demo, read what the assessment published, and roll it all back."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    with time_machine.travel(AS_OF, tick=False), media, transaction.atomic():
        call_command("seed_demo", cells=300, cases=150, seed=11, stdout=io.StringIO())
        snapshots = list(Snapshot.objects.order_by("starts_on"))
        # Sorted here: units may share a name, so no database order is total.
        rows = sorted(
            snapshots[-1].rows.values_list(
                "unit_kind", "name", "total", "rank", "mark"
            ),
            key=str,  # totals may be None
        )
        seen = {
            "snapshots": [(s.starts_on.isoformat(), s.is_published) for s in snapshots],
            "rows": rows,
            "sanctions": sorted(Sanction.objects.values_list("kind", flat=True)),
            "reinspections": Reinspection.objects.count(),
        }
        transaction.set_rollback(True)
    locate.reset_index()
    return seen


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        return _seed(tmp_path_factory), _seed(tmp_path_factory)


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_last_month_and_the_one_before_are_published(demo):
    first, _again = demo
    assert first["snapshots"] == [("2026-10-01", True), ("2026-11-01", True)]


def test_townships_are_ranked_and_marked(demo):
    first, _again = demo
    townships = [r for r in first["rows"] if r[0] == UnitKind.TOWNSHIP]
    assert townships
    assert any(r[3] == 1 for r in townships)
    assert {r[4] for r in townships if r[2] is not None} <= {"green", "yellow", "red"}


def test_a_reward_and_a_sample_are_given(demo):
    first, _again = demo
    assert "reward" in first["sanctions"]
    assert first["reinspections"] > 0


def test_the_same_seed_and_clock_give_the_same_assessment(demo):
    first, again = demo
    assert first == again
