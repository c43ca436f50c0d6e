"""The demo's webhook story: a department's paused subscription and its delivery log."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_q.models import OrmQ

from wangge.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription
from wangge.webhooks.selectors import delivery_list

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


@pytest.fixture
def demo(seeded, db):
    return seeded


def test_a_department_subscription_shows_a_log_its_handler_reads(demo):
    subscription = WebhookSubscription.objects.get()
    assert subscription.department is not None and not subscription.is_active
    rows = list(subscription.deliveries.all())
    assert rows, "the log has entries"
    states = {row.state for row in rows}
    assert DeliveryState.DELIVERED in states
    assert all(row.payload["id"] == str(row.event_id) for row in rows)
    assert all(row.attempt_log.count() == row.attempts for row in rows)
    handler = subscription.created_by
    assert delivery_list(handler).count() == len(rows)


def test_the_demo_queues_no_delivery_to_a_receiver_that_is_absent(demo):
    assert not WebhookDelivery.objects.filter(
        state__in=[DeliveryState.PENDING, DeliveryState.RETRYING]
    ).exists()
    assert not [
        row for row in OrmQ.objects.all() if "webhooks" in row.task.get("func", "")
    ]
