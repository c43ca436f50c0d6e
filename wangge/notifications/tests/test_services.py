"""Writes of notifications: inbox items, reporter messages with their queued delivery, read marks."""

import pytest
from django_q.models import OrmQ

from wangge.notifications import services
from wangge.notifications.models import (
    DeliveryStatus,
    Notification,
    NotificationKind,
    OutboundChannel,
    OutboundMessage,
)
from wangge.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def queued_message_ids() -> list[int]:
    return sorted(row.task["args"][0] for row in OrmQ.objects.all())


def test_notify_staff_writes_one_item_per_distinct_recipient(alice, bob, case):
    written = services.notify_staff(
        [alice, bob, alice.pk, None],
        kind=NotificationKind.DISPATCHED,
        case=case,
        title="事件已派遣",
        body="请处置",
    )
    assert written == 2
    items = Notification.objects.order_by("recipient__username")
    assert [(n.recipient, n.case, n.kind, n.title, n.read_at) for n in items] == [
        (alice, case, "dispatched", "事件已派遣", None),
        (bob, case, "dispatched", "事件已派遣", None),
    ]


def test_notify_staff_without_recipients_writes_nothing(case):
    assert (
        services.notify_staff([], kind=NotificationKind.OVERDUE, case=case, title="t")
        == 0
    )
    assert not Notification.objects.exists()


def test_notify_staff_refuses_an_unknown_kind(alice):
    with pytest.raises(ValueError, match="unknown notification kind"):
        services.notify_staff([alice], kind="party", title="t")
    assert not Notification.objects.exists()


def test_notify_staff_shortens_an_overlong_title_instead_of_failing(alice):
    services.notify_staff([alice], kind=NotificationKind.NEW_CASE, title="长" * 300)
    title = Notification.objects.get().title
    assert len(title) == 200
    assert title.startswith("长" * 190)
    assert not title.endswith("长")  # marked as shortened


def test_notify_reporter_writes_sms_and_email_to_the_case_reporter_and_queues_each(
    case,
):
    messages = services.notify_reporter(case, body="您反映的问题已办结。")
    assert {(m.channel, m.address) for m in messages} == {
        (OutboundChannel.SMS, "13812345678"),
        (OutboundChannel.EMAIL, "zhangsan@example.cn"),
    }
    assert all(m.status == DeliveryStatus.QUEUED and m.case == case for m in messages)
    assert case.number in messages[0].subject
    assert queued_message_ids() == sorted(m.pk for m in messages)
    assert {row.task["func"] for row in OrmQ.objects.all()} == {services.DELIVER_TASK}


def test_notify_reporter_with_an_explicit_phone_writes_only_that_sms(case):
    messages = services.notify_reporter(case, phone=" 13900001111 ", body="已受理")
    assert [(m.channel, m.address) for m in messages] == [
        (OutboundChannel.SMS, "13900001111")
    ]
    assert queued_message_ids() == [messages[0].pk]


def test_notify_reporter_without_any_contact_writes_and_queues_nothing(tree):
    from wangge.notifications.tests.factories import case_in

    anonymous = case_in(tree["410102001001001"], reporter_phone="", reporter_email="")
    assert services.notify_reporter(anonymous, body="已受理") == []
    assert services.notify_reporter(None, body="无人可达") == []
    assert not OutboundMessage.objects.exists()
    assert not OrmQ.objects.exists()


def test_notify_reporter_without_a_case_reaches_the_given_address(db):
    [message] = services.notify_reporter(None, email="li@example.cn", body="回访")
    assert message.case is None
    assert message.subject
    assert queued_message_ids() == [message.pk]


def test_marking_read_changes_only_the_readers_own_unread_items(alice, bob):
    mine = NotificationFactory(recipient=alice)
    theirs = NotificationFactory(recipient=bob)
    assert services.notification_mark_read(alice, [mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    # Already read: nothing changes the second time.
    assert services.notification_mark_read(alice, [mine.pk]) == 0


def test_marking_all_read_leaves_other_inboxes_alone(alice, bob):
    NotificationFactory.create_batch(3, recipient=alice)
    NotificationFactory(recipient=bob)
    assert services.notification_mark_all_read(alice) == 3
    assert not Notification.objects.filter(
        recipient=alice, read_at__isnull=True
    ).exists()
    assert Notification.objects.get(recipient=bob).read_at is None


def test_retry_queues_failed_messages_only(case):
    failed, sent = services.notify_reporter(case, body="已办结")
    OrmQ.objects.all().delete()
    OutboundMessage.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED)
    services.outbound_message_mark_sent(sent)
    assert services.outbound_message_retry(OutboundMessage.objects.all()) == 1
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.QUEUED
    assert queued_message_ids() == [failed.pk]
