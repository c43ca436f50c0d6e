"""The demo's chain of responsibility and mechanisms, seeded once for the module."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.cases.models import Case, EventKind
from wangge.cases.workflow import OPEN_STATES
from wangge.linkage.models import (
    Commitment,
    ContactPoint,
    Determination,
    Survey,
    TeamLog,
)
from wangge.linkage.receivers import contractors_of
from wangge.linkage.selectors.chain import responsibility_chain
from wangge.notifications.models import Notification, NotificationKind
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


def test_contractors_hear_of_the_open_cases_escalated_to_their_units(demo, db):
    waiting = [
        case
        for case in Case.objects.filter(state__in=OPEN_STATES).select_related("node")
        if any(
            e.data.get("to_node") == case.node.code
            for e in case.events.filter(action=EventKind.ESCALATE)
        )
    ]
    assert waiting
    for case in waiting:
        # The title a live escalation gives (not the one of a case turning red there).
        title = _("%(number)s escalated to %(unit)s, which you contract") % {
            "number": case.number,
            "unit": case.node.name,
        }
        told = set(
            Notification.objects.filter(
                case=case, kind=NotificationKind.CONTRACTED_UNIT, title=title
            ).values_list("recipient_id", flat=True)
        )
        assert set(contractors_of([case.node_id])[case.node_id]) <= told, case.number
