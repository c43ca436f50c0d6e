"""The inbox page: each reader sees and marks only their own items."""

import pytest
from django.urls import reverse

from wangge.notifications.models import Notification
from wangge.notifications.tests.factories import NotificationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("wangge.notifications.tests.urls"),
]

INBOX = "/inbox/"


def read_url(notification) -> str:
    return reverse("notifications:read", args=[notification.pk])


def test_inbox_needs_a_signed_in_reader(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_inbox_shows_the_readers_items_and_none_of_anyone_elses(
    client, alice, bob, case
):
    NotificationFactory(recipient=alice, title="派遣给您的事件", case=case)
    NotificationFactory(recipient=bob, title="别人的事件")
    client.force_login(alice)
    response = client.get(INBOX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "派遣给您的事件" in page
    assert case.number in page
    assert "别人的事件" not in page


def test_unread_filter_hides_read_items(client, alice):
    NotificationFactory(recipient=alice, title="未读事项")
    NotificationFactory(recipient=alice, title="已读事项", read_at="2026-11-01T00:00Z")
    client.force_login(alice)
    page = client.get(INBOX, {"unread": "1"}).content.decode()
    assert "未读事项" in page
    assert "已读事项" not in page


def test_htmx_mark_read_returns_the_item_read_and_tells_the_badge(client, alice):
    mine = NotificationFactory(recipient=alice)
    client.force_login(alice)
    response = client.post(read_url(mine), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    assert f'id="notification-{mine.pk}"' in response.content.decode()
    assert "inbox-item--unread" not in response.content.decode()
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_plain_form_mark_read_redirects_to_the_inbox(client, alice):
    mine = NotificationFactory(recipient=alice)
    client.force_login(alice)
    response = client.post(read_url(mine))
    assert response.status_code == 302
    assert response["Location"] == INBOX


def test_marking_another_persons_item_gets_404_and_changes_nothing(client, alice, bob):
    theirs = NotificationFactory(recipient=bob)
    client.force_login(alice)
    assert client.post(read_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_refuses_get(client, alice):
    mine = NotificationFactory(recipient=alice)
    client.force_login(alice)
    assert client.get(read_url(mine)).status_code == 405


def test_mark_all_read_marks_only_the_readers_items(client, alice, bob):
    NotificationFactory.create_batch(2, recipient=alice)
    theirs = NotificationFactory(recipient=bob)
    client.force_login(alice)
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(
        recipient=alice, read_at__isnull=True
    ).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_badge_shows_the_readers_unread_count(client, alice, bob):
    NotificationFactory.create_batch(3, recipient=alice)
    NotificationFactory.create_batch(5, recipient=bob)
    client.force_login(alice)
    response = client.get(reverse("notifications:badge"))
    assert response.status_code == 200
    assert '<span class="tag inbox-link__count">3</span>' in response.content.decode()
