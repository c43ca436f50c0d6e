"""The demo makes every working account's home page alive: something waits for each."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wangge.cases.models import RequestStatus, ShelvingRequest
from wangge.cases.my_work import my_work
from wangge.demo.people import ACCOUNT_SPECS, ACCOUNT_TOWNSHIP, RESIDENT
from wangge.people.models import User
from wangge.people.roles import Role
from wangge.regions import locate

AT = datetime(2026, 12, 2, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    with time_machine.travel(AT, tick=False), media, django_db_blocker.unblock():
        with transaction.atomic():
            call_command(
                "seed_demo", cells=300, cases=150, seed=11, stdout=io.StringIO()
            )
            yield
            transaction.set_rollback(True)
        locate.reset_index()


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_every_working_account_near_the_cases_finds_something_on_its_home_page(demo):
    # The sibling district's desk shows that siblings see nothing of each other. In this
    # small demo few cases climb to the desks and departments of the city and district
    # (at the default 1,000 cases they have work too).
    working = [
        s.username
        for s in ACCOUNT_SPECS
        if s.role not in (Role.ADMIN, RESIDENT)
        and s.place != "sibling_district"
        and not (
            s.role in (Role.DESK, Role.DEPARTMENT_HANDLER)
            and s.place in ("city", "district")
        )
    ]
    empty = [
        name
        for name in working
        if not any(f.count for f in my_work(User.objects.get(username=name)).figures)
    ]
    assert empty == []


def test_shelving_requests_wait_for_the_leaders_decision(demo):
    pending = ShelvingRequest.objects.filter(
        status=RequestStatus.PENDING, case__cell__code__startswith=ACCOUNT_TOWNSHIP
    )
    assert pending.exists()
    leader = User.objects.get(username="leader_city")
    assert my_work(leader).figure("shelvings").count >= 1
