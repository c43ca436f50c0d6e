"""Limits per phone and per address, counted in the database for every worker."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import RequestFactory

from wangge.core.models import RateCounter
from wangge.portal import limits

pytestmark = pytest.mark.django_db
START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def test_hits_within_the_limit_pass_and_the_next_is_refused_until_the_window_ends(
    time_machine,
):
    time_machine.move_to(START + timedelta(minutes=5), tick=False)
    limit = limits.LIMITS["code_phone"]
    for _ in range(limit.hits):
        limits.limit_hit("code_phone", "13812345678")
    with pytest.raises(limits.RateLimited) as refused:
        limits.limit_hit("code_phone", "13812345678")
    assert refused.value.retry_after == limit.seconds - 5 * 60
    limits.limit_hit("code_phone", "13900000000")  # another phone is counted apart

    time_machine.move_to(START + timedelta(seconds=limit.seconds), tick=False)
    limits.limit_hit("code_phone", "13812345678")


def test_counters_keep_no_phone_in_the_clear(time_machine):
    time_machine.move_to(START, tick=False)
    limits.limit_hit("report_phone", "13812345678")
    row = RateCounter.objects.get()
    assert "13812345678" not in row.key and row.hits == 1


def test_old_windows_are_forgotten(time_machine):
    time_machine.move_to(START, tick=False)
    limits.limit_hit("track_address", "10.0.0.1")
    assert limits.limits_forget_before(START + timedelta(days=2)) == 1


def test_behind_a_proxy_the_address_it_saw_is_the_clients(settings):
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.9.8.7", REMOTE_ADDR="127.0.0.1"
    )
    assert limits.client_address(request) == "127.0.0.1"
    settings.WANGGE_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert limits.client_address(request) == "10.9.8.7"
