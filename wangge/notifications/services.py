"""Writes of notifications: inbox items, reporter messages and their delivery records.

`notify_staff` and `notify_reporter` are called inside the transaction of the change they
report (for example in `cases.services.case_transition`). The delivery task is queued
through django-q2's ORM broker, so it is a row of that same transaction: it runs after
the commit, and a rollback takes the message and its task away together.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from wangge.core.clock import now
from wangge.notifications.models import (
    DeliveryStatus,
    Notification,
    NotificationKind,
    OutboundChannel,
    OutboundMessage,
)

DELIVER_TASK = "wangge.notifications.tasks.deliver"
TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length
# Long enough for any mailbox (RFC 5321) and any phone number.
ADDRESS_MAX_LENGTH = OutboundMessage._meta.get_field("address").max_length


def notify_staff(
    recipients: Iterable[Any], *, kind: str, case=None, title: str, body: str = ""
) -> int:
    """Put one item in the inbox of each recipient (users or user ids, repeats ignored).

    Returns how many items were written.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    recipient_ids = list(
        dict.fromkeys(_user_id(r) for r in recipients if r is not None)
    )
    if not recipient_ids:
        return 0
    created_at = now()
    title = Truncator(str(title)).chars(TITLE_MAX_LENGTH)
    rows = [
        Notification(
            recipient_id=recipient_id,
            case=case,
            kind=kind,
            title=title,
            body=str(body),
            created_at=created_at,
        )
        for recipient_id in recipient_ids
    ]
    return len(Notification.objects.bulk_create(rows))


def notify_reporter(
    case, *, phone: str = "", email: str = "", body: str, subject: str = ""
) -> list[OutboundMessage]:
    """Write a message to a reporter for each address given, and queue its delivery.

    Without phone and email, the case's reporter contact is used. Returns the messages
    (none when there is nobody to reach).
    """
    phone, email = (phone or "").strip(), (email or "").strip()
    if case is not None and not phone and not email:
        phone, email = case.reporter_phone.strip(), case.reporter_email.strip()
    if not subject:
        subject = (
            _("Your report %(number)s") % {"number": case.number}
            if case is not None
            else _("Message from the grid governance platform")
        )
    created_at = now()
    messages = [
        OutboundMessage(
            channel=channel,
            address=address[:ADDRESS_MAX_LENGTH],
            subject=Truncator(str(subject)).chars(TITLE_MAX_LENGTH),
            body=str(body),
            case=case,
            created_at=created_at,
        )
        for channel, address in (
            (OutboundChannel.SMS, phone),
            (OutboundChannel.EMAIL, email),
        )
        if address
    ]
    if not messages:
        return []
    # Joins the caller's transaction, or opens one: a message never exists without its task.
    with transaction.atomic(savepoint=False):
        messages = OutboundMessage.objects.bulk_create(messages)
        for message in messages:
            _queue_delivery(message)
    return messages


def outbound_message_retry(messages: Iterable[OutboundMessage]) -> int:
    """Queue delivery again for failed messages, once the worker has given up on them.

    Messages queued or sent are left alone. Returns how many were queued again.
    """
    queued = 0
    with transaction.atomic():
        for message in messages:
            if OutboundMessage.objects.filter(
                pk=message.pk, status=DeliveryStatus.FAILED
            ).update(status=DeliveryStatus.QUEUED):
                _queue_delivery(message)
                queued += 1
    return queued


def outbound_message_start_attempt(message_id: int) -> OutboundMessage | None:
    """Count a delivery attempt of a message not yet sent; None when it is sent or gone."""
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        )
        if message is None or message.status == DeliveryStatus.SENT:
            return None
        OutboundMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
        message.attempts += 1
    return message


def outbound_message_mark_sent(message: OutboundMessage) -> None:
    """Record that the channel accepted the message."""
    message.status = DeliveryStatus.SENT
    message.sent_at = now()
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "last_error"])


def outbound_message_mark_failed(
    message: OutboundMessage, error: BaseException
) -> None:
    """Record a failed attempt and why, for the operator and the next attempt."""
    message.status = DeliveryStatus.FAILED
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.save(update_fields=["status", "last_error"])


def notification_mark_read(user, ids: Iterable[int]) -> int:
    """Mark some of the user's own inbox items read; ids of other people's items are ignored.

    Returns how many items changed from unread to read.
    """
    ids = [int(i) for i in ids]
    if not ids:
        return 0
    return Notification.objects.filter(
        recipient=user, pk__in=ids, read_at__isnull=True
    ).update(read_at=now())


def notification_mark_all_read(user) -> int:
    """Mark every unread item of the user's inbox read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=now()
    )


def _queue_delivery(message: OutboundMessage) -> None:
    # Failures stay on the queue so django-q retries them (`retry` seconds apart) until
    # Q_CLUSTER["max_attempts"]; the cluster-wide `ack_failures` would drop them at once.
    async_task(DELIVER_TASK, message.pk, ack_failure=False, group="outbound")


def _user_id(recipient: Any) -> int:
    return int(getattr(recipient, "pk", recipient))
