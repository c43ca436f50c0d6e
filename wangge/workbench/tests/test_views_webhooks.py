"""The webhooks pages: HTTP behaviour and jurisdiction (a unit's people see only its own)."""

import pytest
from django.urls import reverse

from wangge.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription
from wangge.webhooks.services import (
    delivery_claim,
    delivery_record_attempt,
    subscription_create,
)
from wangge.webhooks.transport import Answer
from wangge.workbench.tests.casework import act, english, file_case

pytestmark = pytest.mark.django_db

INDEX = "/webhooks/"


@pytest.fixture
def subscription(people, departments):
    subscription, _secret = subscription_create(
        actor=people.district_handler,
        department=departments.district,
        url="http://10.1.2.3/hooks",
        events=["case.dispatched"],
    )
    return subscription


@pytest.fixture
def delivered(tree, people, subscription):
    case = file_case(tree, people.resident, category="E0202")
    act(case, "register", people.community_desk)
    act(case, "dispatch", people.community_desk, department="jinshui-cgj")
    delivery = WebhookDelivery.objects.get()
    return delivery_record_attempt(delivery_claim(delivery.pk), Answer(200, "", 4))


def test_a_department_handler_subscribes_and_sees_the_secret_once(client, people):
    english(client, people.district_handler)
    page = client.get(INDEX)
    assert b"department:jinshui-cgj" in page.content
    answer = client.post(
        INDEX,
        {
            "unit": "department:jinshui-cgj",
            "url": "https://10.1.2.3/hooks",
            "events": ["case.dispatched", "case.closed"],
        },
    )
    assert answer.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.encode() in answer.content
    assert subscription.secret.encode() not in client.get(INDEX).content


def test_a_bad_url_is_refused_on_the_form_and_nothing_is_written(client, people):
    english(client, people.district_handler)
    answer = client.post(
        INDEX,
        {
            "unit": "department:jinshui-cgj",
            "url": "ftp://10.1.2.3/hooks",
            "events": ["case.dispatched"],
        },
    )
    assert answer.status_code == 400
    assert b"http://" in answer.content
    assert not WebhookSubscription.objects.exists()


def test_the_log_shows_the_delivery_and_replays_it(client, people, delivered):
    english(client, people.district_handler)
    page = client.get(reverse("workbench:webhook", args=[delivered.subscription_id]))
    assert str(delivered.event_id).encode() in page.content
    answer = client.post(reverse("workbench:webhook_replay", args=[delivered.pk]))
    assert answer.status_code == 302
    delivered.refresh_from_db()
    assert delivered.state == DeliveryState.PENDING


def test_outsiders_get_404_and_change_nothing(client, people, delivered):
    english(client, people.outsider)
    pk = delivered.subscription_id
    assert b"10.1.2.3" not in client.get(INDEX).content
    assert client.get(reverse("workbench:webhook", args=[pk])).status_code == 404
    for name, arg in [
        ("workbench:webhook_replay", delivered.pk),
        ("workbench:webhook_delete", pk),
        ("workbench:webhook_set_active", pk),
    ]:
        assert client.post(reverse(name, args=[arg])).status_code == 404
    delivered.refresh_from_db()
    assert delivered.state == DeliveryState.DELIVERED
    assert WebhookSubscription.objects.get(pk=pk).is_active


def test_the_department_pauses_and_removes_its_subscription(
    client, people, subscription
):
    english(client, people.district_handler)
    client.post(reverse("workbench:webhook_set_active", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert not subscription.is_active
    client.post(reverse("workbench:webhook_delete", args=[subscription.pk]))
    assert not WebhookSubscription.objects.exists()
