"""`seed_demo --cases N`: demo cases told through the real services, in every state.

The demo is a function of its seed and the clock: the module seeds it as of two frozen
moments, one in 2026 (the day the suite was once red) and one in 2027, past the last year
`chinese-calendar` knows, where the working calendar falls back to the weekday rule.
"""

import io
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Min, Q
from django.test import override_settings

from wangge.cases.models import Case, CaseAttachment, CaseEvent
from wangge.core import clock
from wangge.demo import open311 as open311_demo
from wangge.demo import reviews as reviews_demo
from wangge.demo.cases import seed_cases
from wangge.demo.people import ACCOUNT_TOWNSHIP
from wangge.notifications.models import Notification
from wangge.people.models import User
from wangge.regions import locate
from wangge.reviews.models import CampaignFinding

CASES = 150
SHANGHAI = ZoneInfo("Asia/Shanghai")
AS_OF = [
    datetime(2026, 12, 2, 15, 0, tzinfo=SHANGHAI),
    datetime(2027, 3, 15, 9, 30, tzinfo=SHANGHAI),
]


@pytest.fixture(scope="module", params=AS_OF, ids=lambda at: at.date().isoformat())
def seeded(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """A small demo city with its cases as of a frozen moment, seeded once and rolled back."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    frozen = time_machine.travel(request.param, tick=False)
    with frozen, media, django_db_blocker.unblock():
        with transaction.atomic():
            call_command(
                "seed_demo", cells=300, cases=CASES, seed=11, stdout=io.StringIO()
            )
            yield clock.now()
            transaction.set_rollback(True)
        locate.reset_index()


@pytest.fixture
def now(seeded, db):
    return seeded


def test_every_case_asked_for_is_created(now):
    # Besides the campaign's findings, the planted hotspot of `demo.reviews` and the
    # requests of the demo's Open311 client.
    extra = (
        CampaignFinding.objects.count()
        + reviews_demo.HOTSPOT_REPORTS
        + len(open311_demo.REQUESTS)
    )
    assert Case.objects.count() == CASES + extra


def test_the_cases_stand_in_every_state_of_the_lifecycle(now):
    states = Counter(Case.objects.values_list("state", flat=True))

    assert {"registered", "dispatched", "in_progress", "closed", "rejected"} <= set(
        states
    )
    assert states["closed"] < CASES * 0.85
    assert Case.objects.exclude(node__level="community").exists()


def test_the_reports_are_spread_over_the_last_weeks(now):
    first = Case.objects.aggregate(first=Min("created_at"))["first"]

    assert now - first > timedelta(days=21)
    assert not Case.objects.filter(created_at__gt=now).exists()
    assert not CaseEvent.objects.filter(created_at__gt=now).exists()


def test_each_case_is_dated_by_its_report_and_its_timeline_runs_forward(now):
    for case in Case.objects.prefetch_related("events"):
        events = sorted(case.events.all(), key=lambda e: e.id)
        assert events[0].action == "report"
        assert events[0].created_at == case.created_at
        times = [e.created_at for e in events]
        assert times == sorted(times), case.number


def test_many_cases_lie_where_the_demo_accounts_sit(now):
    here = Case.objects.filter(cell__code__startswith=ACCOUNT_TOWNSHIP).count()

    assert here > CASES * 0.3


def test_every_closed_case_was_verified_on_site_with_a_photo(now):
    closed = Case.objects.filter(state="closed")
    assert closed.exists()

    unproven = closed.exclude(
        attachments__stage=CaseAttachment.Stage.VERIFICATION,
        attachments__event__action="verify_pass",
    )
    assert not unproven.exists()


def test_the_stories_took_every_kind_of_step(now):
    actions = set(CaseEvent.objects.values_list("action", flat=True))

    assert {
        "report",
        "register",
        "dispatch",
        "accept",
        "handle",
        "verify_pass",
        "escalate",
        "rate",
        "self_handle",
    } <= actions


def test_the_demo_accounts_find_work_in_their_inbox(now):
    inbox = User.objects.filter(
        username__in=["grid_worker", "desk_community", "community_secretary"]
    ).annotate(
        items=Count("notifications"),
        unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)),
    )

    assert all(user.items > 0 for user in inbox), [(u.username, u.items) for u in inbox]
    # Items older than two days were read long ago.
    assert not Notification.objects.filter(
        read_at__isnull=True, created_at__lt=now - timedelta(days=2)
    ).exists()


def test_no_cases_asked_for_writes_nothing(now):
    before = (Case.objects.count(), CaseEvent.objects.count())

    assert seed_cases(0, np.random.default_rng(1)) == Counter()
    assert (Case.objects.count(), CaseEvent.objects.count()) == before


def test_the_resident_account_follows_reports_it_filed_in_its_cell(now):
    mine = Case.objects.filter(reporter_user__username="resident")

    assert mine.exists()
    assert set(mine.values_list("cell__code", flat=True)) == {"410105001001001"}
