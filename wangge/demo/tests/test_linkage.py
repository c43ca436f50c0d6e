"""The demo's chain of responsibility and mechanisms, seeded once for the module."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from wangge.linkage.models import (
    Commitment,
    ContactPoint,
    Determination,
    Survey,
    TeamLog,
)
from wangge.linkage.selectors.chain import responsibility_chain
from wangge.people.models import User
from wangge.regions.levels import Level
from wangge.regions.models import Region

CELLS = 200


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", cells=CELLS, cases=60, seed=7, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def city_leader(demo, db):
    return User.objects.get(username="leader_city")


def test_every_demo_cell_has_five_levels_with_people_at_each(city_leader):
    for cell in Region.objects.filter(level=Level.CELL).only("code"):
        chain = responsibility_chain(city_leader, cell.code)
        assert len(chain) == 5 and all(link.people for link in chain), cell.code


def test_the_20_contact_points_of_18_leaders_resolve_or_say_why_not(demo, db):
    points = ContactPoint.objects.select_related("township")
    assert points.count() == 20
    assert points.values("leader_name").distinct().count() == 18
    gone = {p.source_name: p.reason for p in points if p.township is None}
    assert set(gone) == {"惠济区老鸦陈街道办事处", "航空港区滨河街道办事处"}
    assert all(gone.values())
    assert points.get(source_name="上街区映窝镇").township.name == "峡窝镇"


def test_the_mechanisms_have_stories_at_each_stage(demo, db):
    assert TeamLog.objects.exists()
    assert set(Commitment.objects.values_list("state", flat=True)) == {
        "published",
        "kept",
        "broken",
    }
    assert Survey.objects.get().responses.count() == 60
    states = set(Determination.objects.values_list("state", flat=True))
    assert {"proposed", "recorded", "upheld"} <= states
