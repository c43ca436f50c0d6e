"""`seed_demo`'s campaign and special reviews: the 2012 campaign, a hotspot, a review."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.demo.reviews import CAMPAIGN_CODE, HOTSPOT_CATEGORY
from wangge.people.models import User
from wangge.regions import locate
from wangge.reviews.models import Campaign, CandidateKind, Review, TaskState
from wangge.reviews.selectors import campaign_figures, candidates_for

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small demo city, seeded once as of a frozen moment and rolled back."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    frozen = time_machine.travel(datetime(2026, 12, 2, 15, tzinfo=SHANGHAI), tick=False)
    with frozen, media, django_db_blocker.unblock():
        with transaction.atomic():
            call_command(
                "seed_demo", cells=300, cases=150, seed=11, stdout=io.StringIO()
            )
            yield clock.now()
            transaction.set_rollback(True)
        locate.reset_index()


@pytest.fixture
def now(seeded, db):
    return seeded


def test_the_2012_campaign_has_its_7_areas_20_problem_types_and_13_projects(now):
    campaign = Campaign.objects.get(code=CAMPAIGN_CODE)
    assert campaign.areas.count() == 7
    assert sum(a.problem_types.count() for a in campaign.areas.all()) == 20
    assert campaign.projects.count() == 13
    assert all(p.done > 0 for p in campaign.projects.all())
    assert campaign.targets.count() == 12


def test_the_campaign_found_problems_and_solved_most_inside_the_grid(now):
    figures = campaign_figures(Campaign.objects.get(code=CAMPAIGN_CODE))
    assert figures.inspections > 20
    assert figures.found > 5
    assert 0 < figures.solved <= figures.found
    campaign = Campaign.objects.get(code=CAMPAIGN_CODE)
    assert campaign.findings.filter(case__state=CaseState.CLOSED).exists()


def test_the_city_office_is_offered_the_planted_hotspot(now):
    office = User.objects.get(username="city_office")
    kinds = {
        c.kind for c in candidates_for(office) if c.category.code == HOTSPOT_CATEGORY
    }
    assert CandidateKind.SPIKE in kinds


def test_the_review_has_minutes_decisions_and_tasks_one_done_one_overdue(now):
    review = Review.objects.get()
    assert review.minutes.count() == 1
    assert review.decisions.count() == 2
    tasks = list(review.tasks.all())
    assert [t.state for t in tasks].count(TaskState.DONE) == 1
    assert any(t.is_overdue_at(now) for t in tasks)
    assert review.cases.exists()
