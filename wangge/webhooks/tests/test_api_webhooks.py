"""REST v1 of webhooks: HTTP behaviour and jurisdiction (a unit's people see only its own)."""

import pytest

from wangge.cases.tests.conftest import COMMUNITY, ApiClient
from wangge.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription
from wangge.webhooks.services import delivery_claim, delivery_record_attempt
from wangge.webhooks.tests.test_services import OK, dispatched_to_department

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/webhooks/subscriptions"


@pytest.fixture
def handler(people):
    return ApiClient(people.district_handler)


@pytest.fixture
def outsider(people):
    return ApiClient(people.outsider)


def test_a_department_handler_subscribes_and_gets_the_secret_once(handler):
    answer = handler.post(
        SUBSCRIPTIONS,
        {
            "department": "jinshui-cgj",
            "url": "http://10.1.2.3/hooks/wangge",
            "events": ["case.dispatched", "case.closed"],
        },
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["secret"].startswith("whsec_")
    assert body["unit"] == {
        "kind": "department",
        "code": "jinshui-cgj",
        "name": "区城市管理局",
    }
    listed = handler.get(SUBSCRIPTIONS).json()
    assert listed["count"] == 1
    assert [s["id"] for s in listed["items"]] == [body["id"]]
    assert "secret" not in listed["items"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"department": "jinshui-cgj", "url": "ftp://10.1.2.3/x"}, "url"),
        ({"department": "zz-cgj", "url": "http://10.1.2.3/x"}, "department"),
        ({"region": COMMUNITY, "url": "http://10.1.2.3/x"}, "region"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_changes_nothing(
    handler, body, field
):
    answer = handler.post(SUBSCRIPTIONS, {"events": ["case.closed"], **body})
    assert answer.status_code == 400
    assert field in answer.json()["errors"]
    assert not WebhookSubscription.objects.exists()


def test_an_unknown_event_is_refused(handler):
    answer = handler.post(
        SUBSCRIPTIONS,
        {"department": "jinshui-cgj", "url": "http://10.1.2.3/x", "events": ["x"]},
    )
    assert answer.status_code == 422
    assert not WebhookSubscription.objects.exists()


def test_outsiders_see_nothing_and_get_404(tree, people, subscriptions, outsider):
    dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get(subscription=subscriptions.department)
    assert outsider.get(SUBSCRIPTIONS).json() == {"count": 0, "items": []}
    assert outsider.get("/webhooks/deliveries").json() == {"count": 0, "items": []}
    pk = subscriptions.department.pk
    assert outsider.get("/webhooks/deliveries", {"subscription": pk}).status_code == 404
    assert (
        outsider.post(f"/webhooks/deliveries/{delivery.pk}/replay").status_code == 404
    )
    answer = outsider.client.delete(
        f"/api/v1{SUBSCRIPTIONS}/{pk}", headers=outsider.headers
    )
    assert answer.status_code == 404
    assert WebhookSubscription.objects.filter(pk=pk).exists()


def test_the_department_reads_its_log_replays_and_removes_its_subscription(
    tree, people, subscriptions, handler
):
    dispatched_to_department(tree, people)
    delivery = WebhookDelivery.objects.get(subscription=subscriptions.department)
    delivery_record_attempt(delivery_claim(delivery.pk), OK)
    log = handler.get("/webhooks/deliveries").json()
    assert log["count"] == 1
    assert log["items"][0]["event_id"] == str(delivery.event_id)
    assert log["items"][0]["state"] == DeliveryState.DELIVERED
    replayed = handler.post(f"/webhooks/deliveries/{delivery.pk}/replay")
    assert replayed.status_code == 202
    assert replayed.json()["state"] == DeliveryState.PENDING
    again = handler.post(f"/webhooks/deliveries/{delivery.pk}/replay")
    assert again.status_code == 400
    assert "state" in again.json()["errors"]
    pk = subscriptions.department.pk
    answer = handler.client.delete(
        f"/api/v1{SUBSCRIPTIONS}/{pk}", headers=handler.headers
    )
    assert answer.status_code == 204
    assert not WebhookSubscription.objects.filter(pk=pk).exists()


def test_the_department_pauses_and_resumes_its_subscription_outsiders_get_404(
    handler, outsider
):
    created = handler.post(
        SUBSCRIPTIONS,
        {
            "department": "jinshui-cgj",
            "url": "http://10.1.2.3/hooks",
            "events": ["case.closed"],
        },
    ).json()
    active = f"{SUBSCRIPTIONS}/{created['id']}/active"

    assert outsider.post(active, {"active": False}).status_code == 404
    paused = handler.post(active, {"active": False})

    assert paused.status_code == 200
    assert paused.json()["is_active"] is False
    assert not WebhookSubscription.objects.get(pk=created["id"]).is_active
    assert handler.post(active, {"active": True}).json()["is_active"] is True


def test_the_subscription_list_and_the_delivery_log_page_by_limit_and_offset(
    tree, people, subscriptions, handler
):
    second = handler.post(
        SUBSCRIPTIONS,
        {
            "department": "jinshui-cgj",
            "url": "http://10.1.2.3/b",
            "events": ["case.closed"],
        },
    ).json()
    dispatched_to_department(tree, people)

    listed = handler.get(SUBSCRIPTIONS, {"limit": 1, "offset": 1}).json()
    log = handler.get("/webhooks/deliveries", {"limit": 1, "offset": 1}).json()

    assert listed["count"] == 2
    assert [s["id"] for s in listed["items"]] == [second["id"]]
    assert log == {"count": 1, "items": []}
