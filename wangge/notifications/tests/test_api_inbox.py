"""REST v1 inbox: the bearer's own notifications only."""

import pytest

from wangge.api.services import api_token_issue
from wangge.notifications.models import Notification
from wangge.notifications.tests.factories import NotificationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("wangge.notifications.tests.urls"),
]

INBOX = "/api/v1/inbox"
READ = "/api/v1/inbox/read"


def bearer(user) -> dict:
    token, _ = api_token_issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_inbox_needs_a_bearer_token(client):
    assert client.get(INBOX).status_code == 401


def test_inbox_lists_the_callers_items_unread_first_with_counts(
    client, alice, bob, case
):
    read = NotificationFactory(recipient=alice, read_at="2026-11-01T00:00Z")
    unread = NotificationFactory(recipient=alice, case=case, kind="overdue")
    NotificationFactory(recipient=bob)
    body = client.get(INBOX, **bearer(alice)).json()
    assert (body["count"], body["unread"]) == (2, 1)
    assert [item["id"] for item in body["items"]] == [unread.pk, read.pk]
    first = body["items"][0]
    assert (first["kind"], first["kind_label"], first["case"], first["read_at"]) == (
        "overdue",
        "Overdue",
        case.number,
        None,
    )


def test_inbox_pages_and_filters_unread(client, alice):
    NotificationFactory.create_batch(3, recipient=alice)
    NotificationFactory(recipient=alice, read_at="2026-11-01T00:00Z")
    body = client.get(INBOX, {"unread_only": True, "limit": 2}, **bearer(alice)).json()
    assert (body["count"], body["unread"], len(body["items"])) == (3, 3, 2)


def test_mark_read_ignores_other_peoples_ids(client, alice, bob):
    mine = NotificationFactory(recipient=alice)
    theirs = NotificationFactory(recipient=bob)
    response = client.post(
        READ,
        {"ids": [mine.pk, theirs.pk]},
        content_type="application/json",
        **bearer(alice),
    )
    assert response.status_code == 200
    assert response.json() == {"marked": 1, "unread": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_leaves_other_inboxes_alone(client, alice, bob):
    NotificationFactory.create_batch(2, recipient=alice)
    theirs = NotificationFactory(recipient=bob)
    response = client.post(
        READ, {"all": True}, content_type="application/json", **bearer(alice)
    )
    assert response.json() == {"marked": 2, "unread": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_without_ids_or_all_is_refused_naming_the_field(client, alice):
    response = client.post(READ, {}, content_type="application/json", **bearer(alice))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ids"]
