"""Deliveries to a real receiver on 127.0.0.1, after a real commit, through django-q's own
queue (never sync mode, which would send before the commit)."""

import datetime

import pytest
from django.db import transaction
from django_q.models import OrmQ
from django_q.tasks import async_task

from wangge.cases.tests.conftest import COMMUNITY, DEPARTMENTAL
from wangge.cases.tests.steps import act, closed_case, file_case
from wangge.notifications.tests.queue import drain_queue
from wangge.webhooks.models import DeliveryState, WebhookDelivery
from wangge.webhooks.services import DELIVER_TASK, deliveries_queue_due, delivery_replay

pytestmark = pytest.mark.django_db(transaction=True)


class ChangeRolledBack(Exception):
    """The case action failed after its deliveries were written."""


def dispatch_to_department(tree, people):
    case = file_case(tree, people.resident, category=DEPARTMENTAL)
    act(case, "register", people.community_desk)
    return act(case, "dispatch", people.community_desk, department="jinshui-cgj")


def retry_after(time_machine, minutes: int) -> None:
    """Let `minutes` pass, then run the sweep and the queue as the cluster would."""
    time_machine.shift(datetime.timedelta(minutes=minutes, seconds=5))
    deliveries_queue_due()
    drain_queue()


def test_a_failed_delivery_is_retried_and_the_receiver_applies_its_event_once(
    tree, people, subscriptions, receiver, time_machine
):
    # given a receiver that applies the first request, then fails to answer (500)
    receiver.answers = [500]
    case = dispatch_to_department(tree, people)
    delivery = WebhookDelivery.objects.get(subscription=subscriptions.department)
    # when the queue runs after the commit, and again once the retry is due
    drain_queue()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.RETRYING
    assert delivery.last_status_code == 500
    retry_after(time_machine, minutes=1)
    # then the log shows two attempts, the second delivered
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.attempts == 2
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]
    assert delivery.delivered_at is not None
    # and the receiver saw the same event id twice, signed, and applied it once
    seen = [s for s in receiver.seen if s["path"] == "/cgj"]
    assert [s["event_id"] for s in seen] == [str(delivery.event_id)] * 2
    assert all(s["verified"] and s["event"] == "case.dispatched" for s in seen)
    applied = receiver.applied[str(delivery.event_id)]
    assert applied["case"]["number"] == case.number
    assert applied["unit"] == {
        "kind": "department",
        "code": "jinshui-cgj",
        "name": "区城市管理局",
    }
    assert "reporter_phone" not in str(applied)
    assert not OrmQ.objects.exists()


def test_a_delivered_delivery_is_not_sent_again_by_a_late_retry(
    tree, people, subscriptions, receiver, time_machine
):
    dispatch_to_department(tree, people)
    delivery = WebhookDelivery.objects.get(subscription=subscriptions.department)
    drain_queue()
    # a second task for the same delivery (a sweep racing the first) finds it delivered
    async_task(DELIVER_TASK, delivery.pk)
    drain_queue()
    retry_after(time_machine, minutes=30)
    assert len([s for s in receiver.seen if s["path"] == "/cgj"]) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_replayed_delivery_keeps_its_event_id_and_has_one_effect(
    tree, people, subscriptions, receiver
):
    dispatch_to_department(tree, people)
    delivery = WebhookDelivery.objects.get(subscription=subscriptions.department)
    drain_queue()
    delivery_replay(delivery=delivery)
    drain_queue()
    seen = [s for s in receiver.seen if s["path"] == "/cgj"]
    assert [s["event_id"] for s in seen] == [str(delivery.event_id)] * 2
    assert list(receiver.applied) == [str(delivery.event_id)]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 2)


def test_a_rolled_back_case_action_leaves_no_delivery_and_no_task(
    tree, people, subscriptions, receiver
):
    case = file_case(tree, people.resident, category=DEPARTMENTAL)
    act(case, "register", people.community_desk)
    OrmQ.objects.all().delete()
    with pytest.raises(ChangeRolledBack), transaction.atomic():
        act(case, "dispatch", people.community_desk, department="jinshui-cgj")
        assert WebhookDelivery.objects.count() == 1  # written inside the transaction
        raise ChangeRolledBack
    assert not WebhookDelivery.objects.exists()
    assert not OrmQ.objects.exists()
    drain_queue()
    assert receiver.seen == []


def test_an_unreachable_receiver_is_logged_and_retried_later(
    tree, people, subscriptions, receiver
):
    receiver.__exit__()  # nobody listens on the port any more
    dispatch_to_department(tree, people)
    drain_queue()
    delivery = WebhookDelivery.objects.get(subscription=subscriptions.department)
    assert delivery.state == DeliveryState.RETRYING
    assert delivery.last_status_code is None
    assert delivery.last_error
    assert delivery.attempt_log.get().error == delivery.last_error


def test_the_community_node_hears_of_a_closure_signed_with_its_own_secret(
    tree, people, subscriptions, receiver
):
    closed_case(tree, people)
    drain_queue()
    seen = [s for s in receiver.seen if s["path"] == "/community"]
    assert [s["event"] for s in seen] == ["case.dispatched", "case.closed"]
    assert all(s["verified"] for s in seen)
    assert tree[COMMUNITY].webhook_subscriptions.count() == 1
