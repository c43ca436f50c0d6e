"""Every write of webhooks: subscriptions, the deliveries a case moment queues, each attempt,
the sweep that queues retries, and replays.

A delivery is written, and its task queued, inside the transaction of the case change
(the ORM broker makes the task a row of it): a rolled-back change leaves neither. Sending
is claimed under a row lock first, so a retry racing an attempt, or an attempt after the
delivery succeeded, sends nothing.
"""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from wangge.access.units import departments_managed_by, nodes_managed_by
from wangge.cases.models import Case, CaseEvent, EventKind
from wangge.core import clock
from wangge.webhooks import backoff, signing, transport
from wangge.webhooks.models import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from wangge.webhooks.payloads import case_payload, unit_ref

DELIVER_TASK = "wangge.webhooks.tasks.deliver"
# A queued delivery whose task has not run this long after its turn was lost: queue it again.
STALE_AFTER = datetime.timedelta(minutes=10)
# Most deliveries the sweep queues at one run; the rest wait for the next minute.
SWEEP_CHUNK = 500


# -- subscriptions -----------------------------------------------------------------------


def _events_validate(events) -> list[str]:
    chosen = [e for e in WebhookEvent.values if e in set(events or [])]
    unknown = set(events or []) - set(WebhookEvent.values)
    if unknown or not chosen:
        raise ValidationError(
            {
                "events": _("Choose one or more of: %(events)s.")
                % {"events": ", ".join(WebhookEvent.values)}
            }
        )
    return chosen


def subscription_create(
    *,
    actor,
    url: str,
    events,
    department=None,
    region=None,
    description: str = "",
) -> tuple[WebhookSubscription, str]:
    """Subscribe a unit the actor looks after; returns the subscription and its secret.

    The secret is shown to the caller this once; afterwards it is stored encrypted and
    only the signatures made with it are seen.
    """
    if (department is None) == (region is None):
        raise ValidationError({"department": _("Choose a department or a node.")})
    if department is not None and not _manages(
        departments_managed_by(actor), department
    ):
        raise PermissionDenied(_("You do not look after this department's systems."))
    if region is not None and not _manages(nodes_managed_by(actor), region):
        raise PermissionDenied(_("You do not look after this node's systems."))
    errors = {}
    try:
        url = transport.url_validate(url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        events = _events_validate(events)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if len(url) > 500:
        errors["url"] = [_("The address is longer than 500 characters.")]
    if errors:
        raise ValidationError(errors)
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription.objects.create(
        department=department,
        region=region,
        url=url,
        events=events,
        secret=secret,
        description=description.strip()[:200],
        created_by=actor,
    )
    return subscription, secret


def _manages(units, unit) -> bool:
    return units.filter(pk=unit.pk).exists()


def subscription_set_active(
    *, subscription: WebhookSubscription, active: bool
) -> WebhookSubscription:
    """Pause or resume a subscription: a paused one gets no new deliveries."""
    subscription.is_active = active
    subscription.save(update_fields=["is_active", "updated_at"])
    return subscription


def subscription_delete(*, subscription: WebhookSubscription) -> None:
    """Remove a subscription and its delivery log."""
    subscription.delete()


# -- deliveries of a case moment ----------------------------------------------------------


def _handling_unit(case: Case, event: CaseEvent):
    return [case.handler_department or case.handler_region]


def _unit_and_node(case: Case, event: CaseEvent):
    return [case.handler_department or case.handler_region, case.node]


def _returner_and_node(case: Case, event: CaseEvent):
    # The effect cleared the handling unit: the post the unit acted in names it.
    post = event.actor_post
    returner = (post.department or post.region) if post is not None else None
    return [returner, case.node]


def _node(case: Case, event: CaseEvent):
    return [case.node]


# Which events a case moment is, and which units hear of it.
MOMENTS = {
    EventKind.DISPATCH: (WebhookEvent.DISPATCHED, _handling_unit),
    EventKind.SUPERVISE: (WebhookEvent.SUPERVISED, _unit_and_node),
    EventKind.VERIFY_PASS: (WebhookEvent.CLOSED, _unit_and_node),
    EventKind.RETURN: (WebhookEvent.RETURNED, _returner_and_node),
    EventKind.ESCALATE: (WebhookEvent.ESCALATED, _node),
}


def deliveries_for_case_event(case: Case, event: CaseEvent) -> list[WebhookDelivery]:
    """Write one delivery per active subscription that hears of this event, and queue each.

    Runs inside the transaction of the case change (`cases.signals.case_event_recorded`).
    """
    moment = MOMENTS.get(event.action)
    if moment is None:
        return []
    event_type, units_of = moment
    units = [u for u in units_of(case, event) if u is not None]
    department_ids = [u.pk for u in units if u._meta.model_name == "department"]
    region_ids = [u.pk for u in units if u._meta.model_name == "region"]
    if not units:
        return []
    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(is_active=True)
        .filter(Q(department_id__in=department_ids) | Q(region_id__in=region_ids))
        .select_related("department", "region")
        .order_by("pk")
        if event_type in s.events
    ]
    if not subscriptions:
        return []
    event_id = uuid.uuid4()
    now = clock.now()
    body = case_payload(case, event)
    deliveries = []
    for subscription in subscriptions:
        payload = {
            "id": str(event_id),
            "type": str(event_type),
            "occurred_at": event.created_at.isoformat(),
            "unit": unit_ref(subscription.unit),
            **body,
        }
        delivery = WebhookDelivery.objects.create(
            event_id=event_id,
            event_type=event_type,
            subscription=subscription,
            case=case,
            payload=payload,
            next_attempt_at=now,
        )
        _queue(delivery)
        deliveries.append(delivery)
    return deliveries


def _queue(delivery: WebhookDelivery) -> None:
    # The task only calls `delivery_send`, which records its own failures: django-q's own
    # retries are not needed, the backoff is the delivery's.
    async_task(DELIVER_TASK, delivery.pk, group="webhooks")


# -- sending ------------------------------------------------------------------------------


def _claim_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=2 * settings.WANGGE_WEBHOOK_TIMEOUT_SECONDS + 30)


def _sendable(delivery: WebhookDelivery, now) -> bool:
    if delivery.state == DeliveryState.PENDING:
        return True
    if delivery.state == DeliveryState.RETRYING:
        return delivery.next_attempt_at is not None and delivery.next_attempt_at <= now
    if delivery.state == DeliveryState.SENDING:
        # The worker that claimed it died mid-attempt: the claim ran out.
        return delivery.claimed_until is not None and delivery.claimed_until <= now
    return False


def delivery_claim(delivery_id: int) -> WebhookDelivery | None:
    """Take the next attempt of a delivery for this worker, or None when it is not due.

    The row lock and the state check make a delivered delivery, or one another worker is
    sending, come back None: a racing retry sends nothing.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .filter(pk=delivery_id)
            .select_related("subscription")
            .first()
        )
        now = clock.now()
        if delivery is None or not _sendable(delivery, now):
            return None
        delivery.state = DeliveryState.SENDING
        delivery.attempts += 1
        delivery.claimed_until = now + _claim_window()
        delivery.save(update_fields=["state", "attempts", "claimed_until"])
        return delivery


def signed_headers(delivery: WebhookDelivery, body: bytes, timestamp: int) -> dict:
    """The headers of one attempt: the event, its id, the time and the signature."""
    return {
        "X-Wangge-Event": delivery.event_type,
        "X-Wangge-Event-Id": str(delivery.event_id),
        "X-Wangge-Timestamp": str(timestamp),
        "X-Wangge-Signature": signing.sign(
            delivery.subscription.secret, timestamp, body
        ),
        "User-Agent": "wangge-webhooks/1",
    }


def delivery_send(delivery_id: int) -> str:
    """Make the next attempt of a delivery if it is due; returns what happened."""
    delivery = delivery_claim(delivery_id)
    if delivery is None:
        return "skipped"
    if not delivery.subscription.is_active:
        answer = transport.Answer(None, _("The subscription is paused."), 0)
    else:
        body = signing.body_bytes(delivery.payload)
        timestamp = int(clock.now().timestamp())
        answer = transport.post(
            delivery.subscription.url, body, signed_headers(delivery, body, timestamp)
        )
    delivery = delivery_record_attempt(delivery, answer)
    return str(delivery.state)


@transaction.atomic
def delivery_record_attempt(
    delivery: WebhookDelivery, answer: transport.Answer
) -> WebhookDelivery:
    """Log an attempt's answer; delivered on 2xx, else retried later or given up."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    now = clock.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        at=now,
        status_code=answer.status_code,
        error=answer.error,
        duration_ms=answer.duration_ms,
    )
    delivery.last_status_code = answer.status_code
    delivery.last_error = answer.error
    delivery.claimed_until = None
    if backoff.succeeded(answer.status_code):
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
    else:
        delay = backoff.retry_delay(delivery.attempts - delivery.attempts_before_replay)
        if delay is None:
            delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        else:
            delivery.state = DeliveryState.RETRYING
            delivery.next_attempt_at = now + delay
    delivery.save()
    return delivery


@transaction.atomic
def deliveries_queue_due(at=None) -> int:
    """Queue every delivery whose retry is due, lost on the queue or abandoned mid-attempt.

    Run by the scheduled sweep every minute; idempotent (a delivery queued twice is
    claimed once).
    """
    now = at or clock.now()
    due = (
        WebhookDelivery.objects.select_for_update()
        .filter(
            Q(state=DeliveryState.RETRYING, next_attempt_at__lte=now)
            | Q(state=DeliveryState.PENDING, next_attempt_at__lte=now - STALE_AFTER)
            | Q(state=DeliveryState.SENDING, claimed_until__lte=now)
        )
        .order_by("next_attempt_at", "pk")[:SWEEP_CHUNK]
    )
    ids = [d.pk for d in due]
    WebhookDelivery.objects.filter(pk__in=ids).exclude(
        state=DeliveryState.SENDING
    ).update(state=DeliveryState.PENDING, next_attempt_at=now)
    for pk in ids:
        async_task(DELIVER_TASK, pk, group="webhooks")
    return len(ids)


@transaction.atomic
def delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivered or failed delivery again, with the same event id and payload.

    A receiver that keeps the event ids it applied ignores the repeat: one effect.
    """
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if not delivery.can_replay:
        raise ValidationError(
            {"state": _("This delivery is still being tried; wait for it to end.")}
        )
    delivery.state = DeliveryState.PENDING
    delivery.attempts_before_replay = delivery.attempts
    delivery.next_attempt_at = clock.now()
    delivery.save(update_fields=["state", "attempts_before_replay", "next_attempt_at"])
    _queue(delivery)
    return delivery
