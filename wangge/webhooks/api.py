"""REST v1 for webhooks: a unit's subscriptions and its delivery log, and replays.

Everything is read through `selectors` (the units the caller looks after, `access.units`):
another unit's subscription or delivery answers 404. The secret is in the answer to the
creation only.
"""

from __future__ import annotations

import datetime
import uuid

from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from wangge.core.schemas import ErrorOut, PageQuery, RowId, page_of, page_schema
from wangge.webhooks import selectors, services
from wangge.webhooks.models import WebhookEvent

router = Router(tags=["webhooks"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class UnitOut(Schema):
    kind: str
    code: str
    name: str


class SubscriptionOut(Schema):
    id: int
    unit: UnitOut
    url: str
    events: list[str]
    is_active: bool
    description: str
    created_by: str
    created_at: datetime.datetime


class SubscriptionCreatedOut(SubscriptionOut):
    secret: str = SchemaField(
        description="The signing secret, shown this once: keep it in the receiver."
    )


class SubscriptionIn(Schema):
    department: str = SchemaField("", max_length=32, description="Department code")
    region: str = SchemaField("", max_length=15, description="Platform node code")
    url: str = SchemaField(max_length=500)
    events: list[WebhookEvent] = SchemaField(min_length=1)
    description: str = SchemaField("", max_length=200)


class SubscriptionActiveIn(Schema):
    active: bool


class DeliveryOut(Schema):
    id: int
    event_id: uuid.UUID
    event_type: str
    subscription: int
    case: str
    state: str
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    created_at: datetime.datetime
    payload: dict


class DeliveryQuery(PageQuery):
    subscription: RowId | None = None


def _unit(unit) -> dict:
    kind = "department" if unit._meta.model_name == "department" else "region"
    return {"kind": kind, "code": unit.code, "name": str(unit.name)}


def _subscription(s, secret: str | None = None) -> dict:
    out = {
        "id": s.pk,
        "unit": _unit(s.unit),
        "url": s.url,
        "events": s.events,
        "is_active": s.is_active,
        "description": s.description,
        "created_by": s.created_by.get_username(),
        "created_at": s.created_at,
    }
    return out if secret is None else {**out, "secret": secret}


def _delivery(d) -> dict:
    return {
        "id": d.pk,
        "event_id": d.event_id,
        "event_type": d.event_type,
        "subscription": d.subscription_id,
        "case": d.case.number,
        "state": d.state,
        "attempts": d.attempts,
        "last_status_code": d.last_status_code,
        "last_error": d.last_error,
        "next_attempt_at": d.next_attempt_at,
        "delivered_at": d.delivered_at,
        "created_at": d.created_at,
        "payload": d.payload,
    }


@router.get(
    "/webhooks/subscriptions",
    response=page_schema(SubscriptionOut),
    summary="Webhook subscriptions of the units the caller looks after",
)
def subscription_list(request, page: Query[PageQuery]):
    return page_of(selectors.subscription_list(request.user), page, _subscription)


@router.post(
    "/webhooks/subscriptions",
    response={201: SubscriptionCreatedOut, **ERRORS},
    summary="Subscribe a department's or a node's system to case events",
)
def subscription_create(request, payload: SubscriptionIn):
    """Give `department` or `region` (a platform node), an http(s) `url` and the `events`;
    the answer carries the signing secret, this once."""
    department, region = selectors.unit_for_user(
        request.user, department=payload.department, region=payload.region
    )
    subscription, secret = services.subscription_create(
        actor=request.user,
        department=department,
        region=region,
        url=payload.url,
        events=[str(e.value) for e in payload.events],
        description=payload.description,
    )
    return Status(201, _subscription(subscription, secret))


@router.post(
    "/webhooks/subscriptions/{id}/active",
    response={200: SubscriptionOut, 404: ErrorOut},
    summary="Pause or resume a subscription",
)
def subscription_set_active(request, id: RowId, payload: SubscriptionActiveIn):
    subscription = selectors.subscription_get_for_user(request.user, id)
    services.subscription_set_active(subscription=subscription, active=payload.active)
    return _subscription(subscription)


@router.delete(
    "/webhooks/subscriptions/{id}",
    response={204: None, 404: ErrorOut},
    summary="Remove a subscription and its delivery log",
)
def subscription_delete(request, id: RowId):
    subscription = selectors.subscription_get_for_user(request.user, id)
    services.subscription_delete(subscription=subscription)
    return Status(204, None)


@router.get(
    "/webhooks/deliveries",
    response={200: page_schema(DeliveryOut), 404: ErrorOut},
    summary="The delivery log of the caller's units, newest first",
)
def delivery_list(request, query: Query[DeliveryQuery]):
    subscription = (
        selectors.subscription_get_for_user(request.user, query.subscription)
        if query.subscription
        else None
    )
    return page_of(
        selectors.delivery_list(request.user, subscription), query, _delivery
    )


@router.post(
    "/webhooks/deliveries/{id}/replay",
    response={202: DeliveryOut, **ERRORS},
    summary="Send a delivered or failed delivery again, with the same event id",
)
def delivery_replay(request, id: RowId):
    delivery = selectors.delivery_get_for_user(request.user, id)
    services.delivery_replay(delivery=delivery)
    return Status(202, _delivery(selectors.delivery_get_for_user(request.user, id)))
