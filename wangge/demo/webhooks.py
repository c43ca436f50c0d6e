"""Demo webhooks: the city's first department with a handler has subscribed its own case
system, and its delivery log shows the last cases dispatched to it.

The receiver is the department's intranet system, absent from the demo: the subscription
is paused, so nothing is sent, and the log rows tell what earlier attempts met (delivered
at once, delivered after a 503, given up after the system was down). Deterministic: a
function of the cases the stages before filed.
"""

from __future__ import annotations

import datetime

from wangge.cases.models import CaseEvent, EventKind
from wangge.core import clock
from wangge.people.models import Post
from wangge.people.roles import Role
from wangge.webhooks import backoff
from wangge.webhooks.models import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
)
from wangge.webhooks.payloads import case_payload, unit_ref
from wangge.webhooks.services import subscription_create, subscription_set_active

URL = "https://10.41.8.20/case-system/wangge-hooks"
ENTRIES = 12


def seed_webhooks() -> int:
    """The demo subscription and its log; returns how many deliveries it shows."""
    post = (
        Post.objects.active()
        .filter(role=Role.DEPARTMENT_HANDLER, department__isnull=False)
        .select_related("department", "user")
        .order_by("region__path", "department__code", "pk")
        .first()
    )
    if post is None:
        return 0
    subscription, _secret = subscription_create(
        actor=post.user,
        department=post.department,
        url=URL,
        events=[WebhookEvent.DISPATCHED, WebhookEvent.SUPERVISED, WebhookEvent.CLOSED],
        description="本局案件系统（内网）",
    )
    subscription_set_active(subscription=subscription, active=False)
    events = (
        CaseEvent.objects.filter(
            action=EventKind.DISPATCH, data__department=post.department.code
        )
        .select_related("case__category", "case__cell", "case__node")
        .order_by("-created_at", "-pk")[:ENTRIES]
    )
    written = 0
    for index, event in enumerate(reversed(list(events))):
        _entry(subscription, event, index)
        written += 1
    return written


def _entry(subscription, event: CaseEvent, index: int) -> None:
    case = event.case
    delivery = WebhookDelivery.objects.create(
        event_type=WebhookEvent.DISPATCHED,
        subscription=subscription,
        case=case,
        payload={},
    )
    delivery.payload = {
        "id": str(delivery.event_id),
        "type": WebhookEvent.DISPATCHED.value,
        "occurred_at": event.created_at.isoformat(),
        "unit": unit_ref(subscription.unit),
        **case_payload(case, event),
    }
    # Most were taken at once; every fifth met a 503 first; the last one found the
    # system down until it was given up.
    if index == ENTRIES - 1:
        answers = [(None, "ConnectionRefusedError: [Errno 111] Connection refused")] * (
            backoff.MAX_ATTEMPTS
        )
    elif index % 5 == 4:
        answers = [(503, "HTTP 503 Service Unavailable"), (200, "")]
    else:
        answers = [(200, "")]
    at = event.created_at
    for number, (status, error) in enumerate(answers, start=1):
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            at=min(at + datetime.timedelta(seconds=2), clock.now()),
            status_code=status,
            error=error,
            duration_ms=40 + 7 * number,
        )
        if not backoff.succeeded(status):
            at += backoff.retry_delay(number) or datetime.timedelta()
    delivered = backoff.succeeded(answers[-1][0])
    delivery.state = DeliveryState.DELIVERED if delivered else DeliveryState.FAILED
    delivery.attempts = len(answers)
    delivery.last_status_code = answers[-1][0]
    delivery.last_error = "" if delivered else answers[-1][1]
    delivery.delivered_at = min(at, clock.now()) if delivered else None
    delivery.created_at = event.created_at
    delivery.save()
