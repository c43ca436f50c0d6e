"""The demo's cases are a function of the seed and the clock alone."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.db import transaction

from wangge.cases.models import Case, CaseEvent
from wangge.regions import locate

AS_OF = datetime(2027, 6, 14, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _told(at: datetime) -> tuple[list, list]:
    """The cases and events of a small demo seeded as of `at`, rolled back afterwards."""
    with time_machine.travel(at, tick=False), transaction.atomic():
        call_command("seed_demo", cells=200, cases=40, seed=3, stdout=io.StringIO())
        cases = list(
            Case.objects.order_by("number").values_list(
                "number", "state", "category__code", "cell__code", "created_at"
            )
        )
        events = list(
            CaseEvent.objects.order_by("case__number", "id").values_list(
                "case__number", "action", "actor__username", "created_at"
            )
        )
        transaction.set_rollback(True)
    locate.reset_index()
    return cases, events


def test_the_same_seed_and_moment_tell_the_same_cases(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    cases, events = _told(AS_OF)

    assert (cases, events) == _told(AS_OF)
    assert len(events) > len(cases) > 0
    assert max(created for *_rest, created in cases) <= AS_OF
