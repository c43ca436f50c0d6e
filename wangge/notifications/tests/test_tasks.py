"""The outbox: messages and their delivery tasks live and die with the caller's transaction,
and the worker delivers them after the commit, records the outcome and retries failures.

These tests commit for real (transactional database), and run the queue through
django-q's own pusher, worker and monitor: never sync mode, which would send before
the commit.
"""

import datetime
import logging

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django_q.conf import Conf
from django_q.models import OrmQ, Task

from wangge.core.clock import now
from wangge.notifications.models import DeliveryStatus, Notification, NotificationKind
from wangge.notifications.models import OutboundMessage as Message
from wangge.notifications.services import notify_reporter, notify_staff
from wangge.notifications.tasks import deliver
from wangge.notifications.tests.backends import ProviderDown
from wangge.notifications.tests.queue import drain_queue

pytestmark = pytest.mark.django_db(transaction=True)

FAILING = "wangge.notifications.tests.backends.FailingSmsBackend"


class ChangeRolledBack(Exception):
    """The caller's change failed after notifying."""


def after_retry_delay(steps: int = 1):
    """Travel past the lock django-q puts on a task that failed, so it runs again."""
    return time_machine.travel(
        now() + datetime.timedelta(seconds=steps * (Conf.RETRY + 1)), tick=True
    )


def test_inbox_items_written_in_a_rolled_back_transaction_disappear(alice, case):
    with pytest.raises(ChangeRolledBack), transaction.atomic():
        notify_staff([alice], kind=NotificationKind.DISPATCHED, case=case, title="派遣")
        raise ChangeRolledBack
    assert not Notification.objects.exists()


def test_inbox_items_stay_after_the_commit(alice, case):
    with transaction.atomic():
        notify_staff([alice], kind=NotificationKind.DISPATCHED, case=case, title="派遣")
    assert Notification.objects.filter(recipient=alice, case=case).count() == 1


def test_a_rolled_back_change_leaves_neither_message_nor_queued_task(case):
    with pytest.raises(ChangeRolledBack), transaction.atomic():
        notify_reporter(case, body="已受理")
        assert OrmQ.objects.count() == 2  # queued inside the transaction
        raise ChangeRolledBack
    assert not Message.objects.exists()
    assert not OrmQ.objects.exists()


def test_a_committed_change_keeps_message_and_task_until_the_worker_runs(case):
    with transaction.atomic():
        messages = notify_reporter(case, body="已受理")
    assert Message.objects.filter(status=DeliveryStatus.QUEUED).count() == 2
    assert sorted(row.task["args"][0] for row in OrmQ.objects.all()) == sorted(
        m.pk for m in messages
    )


def test_the_worker_delivers_through_the_logging_backend_and_marks_sent(case, caplog):
    with transaction.atomic():
        notify_reporter(case, body="您反映的问题已办结。")
    with caplog.at_level(logging.INFO, logger="wangge.notifications.channels"):
        drain_queue()
    assert not OrmQ.objects.exists()
    sms = Message.objects.get(channel="sms")
    assert (sms.status, sms.attempts, sms.last_error) == (DeliveryStatus.SENT, 1, "")
    assert sms.sent_at is not None
    logged = caplog.text
    assert "138****5678" in logged and "您反映的问题已办结。" in logged
    assert "13812345678" not in logged  # the number never reaches the log in full
    [email] = mail.outbox
    assert email.to == ["zhangsan@example.cn"]
    assert case.number in email.subject
    assert Message.objects.get(channel="email").status == DeliveryStatus.SENT


def test_a_failing_backend_marks_the_message_failed_and_raises(case, settings):
    settings.WANGGE_SMS_BACKEND = FAILING
    with transaction.atomic():
        [message] = notify_reporter(case, phone="13812345678", body="已受理")
    with pytest.raises(ProviderDown):
        deliver(message.pk)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.FAILED
    assert message.attempts == 1
    assert message.last_error == "ProviderDown: gateway 10.0.0.9 refused the connection"


def test_a_failed_delivery_stays_queued_and_succeeds_on_a_later_attempt(
    case, settings, recording_sms
):
    settings.WANGGE_SMS_BACKEND = FAILING
    with transaction.atomic():
        [message] = notify_reporter(case, phone="13812345678", body="已受理")
    drain_queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (DeliveryStatus.FAILED, 1)
    assert OrmQ.objects.count() == 1  # kept for django-q to retry
    assert Task.objects.get().success is False

    # The provider is back; the lock on the task runs out and the worker tries again.
    settings.WANGGE_SMS_BACKEND = (
        "wangge.notifications.tests.backends.RecordingSmsBackend"
    )
    with after_retry_delay():
        drain_queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (DeliveryStatus.SENT, 2)
    assert recording_sms == [("13812345678", "已受理")]
    assert not OrmQ.objects.exists()


def test_the_worker_gives_up_after_the_configured_attempts(case, settings):
    settings.WANGGE_SMS_BACKEND = FAILING
    with transaction.atomic():
        [message] = notify_reporter(case, phone="13812345678", body="已受理")
    assert Conf.MAX_ATTEMPTS > 1
    for attempt in range(Conf.MAX_ATTEMPTS):
        with after_retry_delay(attempt):
            drain_queue()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (
        DeliveryStatus.FAILED,
        Conf.MAX_ATTEMPTS,
    )
    assert not OrmQ.objects.exists()
    with after_retry_delay(Conf.MAX_ATTEMPTS):
        drain_queue()
    message.refresh_from_db()
    assert message.attempts == Conf.MAX_ATTEMPTS


def test_delivering_twice_sends_once(case, recording_sms):
    with transaction.atomic():
        [message] = notify_reporter(case, phone="13812345678", body="已受理")
    assert deliver(message.pk) == "sent"
    assert deliver(message.pk) == "skipped"
    message.refresh_from_db()
    assert message.attempts == 1
    assert recording_sms == [("13812345678", "已受理")]


def test_a_task_for_a_message_that_is_gone_does_nothing(db):
    assert deliver(987654) == "skipped"
