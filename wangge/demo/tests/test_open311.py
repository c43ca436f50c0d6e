"""The demo's Open311 client: a city-wide key for the 12345 app and its requests."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wangge.access.api_keys import ApiKey
from wangge.cases.models import Case
from wangge.demo.open311 import CLIENT, REQUESTS
from wangge.regions import locate

AS_OF = datetime(2026, 12, 2, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def output(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small demo seeded once and rolled back; what seed_demo printed."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    out = io.StringIO()
    with time_machine.travel(AS_OF, tick=False), media, django_db_blocker.unblock():
        with transaction.atomic():
            call_command("seed_demo", cells=300, cases=150, seed=11, stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)
        locate.reset_index()


def test_the_hotline_app_has_a_city_wide_key_to_submit_and_read(output, db):
    key = ApiKey.objects.get(name=CLIENT)
    assert sorted(key.scopes) == ["read", "submit"]
    assert key.region.parent_id is None
    assert key.revoked_at is None


def test_its_requests_are_cases_of_channel_open311_filed_by_its_user(output, db):
    cases = Case.objects.filter(channel="open311").select_related("category")
    assert sorted(c.category.code for c in cases) == sorted(r[0] for r in REQUESTS)
    assert {c.created_by.username for c in cases} == {f"api-{CLIENT}"}
    for case in cases:
        assert case.number in output


def test_the_log_names_the_client_and_shows_no_secret(output, db):
    assert CLIENT in output
    assert "wgk_" not in output
