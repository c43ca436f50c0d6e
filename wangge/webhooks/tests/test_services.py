"""Webhook services against the database: which units hear of which case moments, the
subscription rules, the attempt bookkeeping, the sweep and replays."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_q.models import OrmQ

from wangge.cases import services as case_services
from wangge.cases.tests.conftest import COMMUNITY, DEPARTMENTAL, TOWNSHIP
from wangge.cases.tests.steps import act, closed_case, file_case
from wangge.core import clock
from wangge.webhooks import backoff
from wangge.webhooks.models import DeliveryState, WebhookDelivery, WebhookEvent
from wangge.webhooks.services import (
    DELIVER_TASK,
    deliveries_queue_due,
    delivery_claim,
    delivery_record_attempt,
    delivery_replay,
    subscription_create,
    subscription_set_active,
)
from wangge.webhooks.transport import Answer

pytestmark = pytest.mark.django_db

FAILED = Answer(status_code=500, error="HTTP 500", duration_ms=3)
OK = Answer(status_code=200, error="", duration_ms=3)


def dispatched_to_department(tree, people):
    case = file_case(tree, people.resident, category=DEPARTMENTAL)
    act(case, "register", people.community_desk)
    return act(case, "dispatch", people.community_desk, department="jinshui-cgj")


def delivered_events(subscription) -> list[str]:
    return list(
        subscription.deliveries.order_by("pk").values_list("event_type", flat=True)
    )


def queued_deliveries() -> list[int]:
    return sorted(
        row.task["args"][0]
        for row in OrmQ.objects.all()
        if row.task["func"] == DELIVER_TASK
    )


# -- who hears of what ---------------------------------------------------------------------


def test_a_dispatch_to_the_department_writes_its_delivery_and_queues_it(
    tree, people, subscriptions
):
    case = dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get()
    assert delivery.subscription == subscriptions.department
    assert delivery.event_type == WebhookEvent.DISPATCHED
    assert delivery.case == case
    assert delivery.state == DeliveryState.PENDING
    assert delivery.payload["id"] == str(delivery.event_id)
    assert delivery.payload["case"]["handling_unit"]["code"] == "jinshui-cgj"
    assert delivery.payload["event"]["action"] == "dispatch"
    assert queued_deliveries() == [delivery.pk]


def test_another_department_and_a_paused_subscription_hear_nothing(
    tree, people, departments, subscriptions
):
    city, _secret = subscription_create(
        actor=people.city_handler,
        department=departments.city,
        url="http://10.0.0.9/hook",
        events=list(WebhookEvent.values),
    )
    subscription_set_active(subscription=subscriptions.department, active=False)
    dispatched_to_department(tree, people)
    assert not WebhookDelivery.objects.exists()
    assert delivered_events(city) == []


def test_a_subscription_hears_only_the_events_it_chose(tree, people, departments):
    only_closed, _secret = subscription_create(
        actor=people.district_handler,
        department=departments.district,
        url="https://10.0.0.9/hook",
        events=[WebhookEvent.CLOSED],
    )
    dispatched_to_department(tree, people)
    assert delivered_events(only_closed) == []


def test_the_community_node_hears_of_dispatch_and_closure_of_its_case(
    tree, people, subscriptions
):
    closed_case(tree, people)
    assert delivered_events(subscriptions.node) == ["case.dispatched", "case.closed"]
    assert delivered_events(subscriptions.department) == []


def test_a_supervision_order_is_told_to_the_handling_department_and_the_node(
    tree, people, subscriptions
):
    case = dispatched_to_department(tree, people)
    case_services.case_supervise(
        case=case,
        actor=people.supervisor,
        instructions="三日内清除",
        due_at=clock.now() + datetime.timedelta(days=3),
    )
    assert delivered_events(subscriptions.department) == [
        "case.dispatched",
        "case.supervised",
    ]
    assert delivered_events(subscriptions.node) == ["case.supervised"]
    # one event, one id, whoever hears of it
    ids = set(
        WebhookDelivery.objects.filter(event_type="case.supervised").values_list(
            "event_id", flat=True
        )
    )
    assert len(ids) == 1


def test_a_return_is_told_to_the_returning_department_and_the_node(
    tree, people, subscriptions
):
    case = dispatched_to_department(tree, people)
    act(case, "return", people.district_handler, note="不属于本局职责")
    assert delivered_events(subscriptions.department)[-1] == "case.returned"
    assert delivered_events(subscriptions.node) == ["case.returned"]


def test_an_escalation_is_told_to_the_node_it_reaches(tree, people):
    township, _secret = subscription_create(
        actor=people.township_desk,
        region=tree[TOWNSHIP],
        url="http://10.0.0.9/township",
        events=[WebhookEvent.ESCALATED],
    )
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    act(case, "escalate", people.community_desk, note="社区无力解决")
    assert delivered_events(township) == ["case.escalated"]


# -- subscriptions ---------------------------------------------------------------------------


def test_the_secret_is_shown_once_and_stored_encrypted(people, departments):
    subscription, secret = subscription_create(
        actor=people.district_handler,
        department=departments.district,
        url="http://10.0.0.9/hook",
        events=["case.dispatched"],
    )
    assert secret.startswith("whsec_") and len(secret) > 40
    subscription.refresh_from_db()
    assert subscription.secret == secret
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM webhooks_webhooksubscription WHERE id = %s",
            [subscription.pk],
        )
        stored = cursor.fetchone()[0]
    assert secret not in stored


@pytest.mark.parametrize(
    ("url", "events", "field"),
    [
        ("ftp://10.0.0.9/hook", ["case.dispatched"], "url"),
        ("file:///etc/passwd", ["case.dispatched"], "url"),
        ("http:///no-host", ["case.dispatched"], "url"),
        ("http://10.0.0.9/hook", [], "events"),
        ("http://10.0.0.9/hook", ["case.deleted"], "events"),
    ],
)
def test_bad_input_is_refused_naming_the_field(people, departments, url, events, field):
    with pytest.raises(ValidationError) as refused:
        subscription_create(
            actor=people.district_handler,
            department=departments.district,
            url=url,
            events=events,
        )
    assert field in refused.value.message_dict


def test_nobody_subscribes_a_unit_they_do_not_look_after(tree, people, departments):
    with pytest.raises(PermissionDenied):
        subscription_create(
            actor=people.district_handler,
            department=departments.city,
            url="http://10.0.0.9/hook",
            events=["case.dispatched"],
        )
    with pytest.raises(PermissionDenied):
        subscription_create(
            actor=people.outsider,
            region=tree[COMMUNITY],
            url="http://10.0.0.9/hook",
            events=["case.dispatched"],
        )


# -- attempts, the sweep, replays ---------------------------------------------------------------


def test_each_failure_waits_longer_and_the_last_gives_up(tree, people, subscriptions):
    dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get()
    waits = []
    for _ in range(backoff.MAX_ATTEMPTS):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=clock.now()
        )
        delivery = delivery_record_attempt(delivery_claim(delivery.pk), FAILED)
        if delivery.next_attempt_at:
            waits.append(round((delivery.next_attempt_at - clock.now()).seconds / 60))
    assert waits[:4] == [1, 2, 4, 8]
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == backoff.MAX_ATTEMPTS
    assert delivery.attempt_log.count() == backoff.MAX_ATTEMPTS


def test_a_delivery_not_due_or_already_delivered_is_not_claimed(
    tree, people, subscriptions
):
    dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get()
    claimed = delivery_claim(delivery.pk)
    assert claimed.state == DeliveryState.SENDING
    assert delivery_claim(delivery.pk) is None  # another worker is sending it
    delivery_record_attempt(claimed, FAILED)
    assert delivery_claim(delivery.pk) is None  # its retry is not due yet
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=clock.now())
    delivery_record_attempt(delivery_claim(delivery.pk), OK)
    assert delivery_claim(delivery.pk) is None  # delivered: never sent again


def test_the_sweep_queues_only_the_retries_that_are_due(tree, people, subscriptions):
    dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get()
    delivery_record_attempt(delivery_claim(delivery.pk), FAILED)
    OrmQ.objects.all().delete()
    assert deliveries_queue_due() == 0
    assert deliveries_queue_due(at=clock.now() + datetime.timedelta(minutes=2)) == 1
    assert queued_deliveries() == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING


def test_a_replay_requeues_with_the_same_event_id_and_a_fresh_retry_budget(
    tree, people, subscriptions
):
    dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get()
    event_id = delivery.event_id
    delivery_record_attempt(delivery_claim(delivery.pk), OK)
    OrmQ.objects.all().delete()
    replayed = delivery_replay(delivery=delivery)
    assert replayed.event_id == event_id
    assert replayed.state == DeliveryState.PENDING
    assert replayed.attempts_before_replay == 1
    assert queued_deliveries() == [delivery.pk]


def test_a_delivery_still_being_tried_is_not_replayed(tree, people, subscriptions):
    dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get()
    with pytest.raises(ValidationError) as refused:
        delivery_replay(delivery=delivery)
    assert "state" in refused.value.message_dict
