"""Reads of the inbox: the reader's own items, unread first."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from wangge.core.clock import now
from wangge.notifications import selectors
from wangge.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_inbox_lists_unread_first_then_newest_first(alice, bob):
    t = now()
    old_unread = NotificationFactory(
        recipient=alice, created_at=t - datetime.timedelta(days=2)
    )
    new_read = NotificationFactory(recipient=alice, created_at=t, read_at=t)
    new_unread = NotificationFactory(
        recipient=alice, created_at=t - datetime.timedelta(hours=1)
    )
    NotificationFactory(recipient=bob)
    assert list(selectors.inbox_for(alice)) == [new_unread, old_unread, new_read]
    assert list(selectors.inbox_for(alice, unread_only=True)) == [
        new_unread,
        old_unread,
    ]


def test_unread_count_counts_only_the_readers_unread_items(alice, bob):
    NotificationFactory.create_batch(2, recipient=alice)
    NotificationFactory(recipient=alice, read_at=now())
    NotificationFactory(recipient=bob)
    assert selectors.unread_count(alice) == 2
    assert selectors.unread_count(AnonymousUser()) == 0


def test_another_persons_item_is_not_found(alice, bob):
    theirs = NotificationFactory(recipient=bob)
    with pytest.raises(Http404):
        selectors.notification_get(alice, theirs.pk)
    assert selectors.notification_get(bob, theirs.pk) == theirs
