"""Reads of webhooks, each starting from the units the reader looks after (`access.units`).

A subscription or delivery of another unit answers 404, as one that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from wangge.access.units import (
    departments_managed_by,
    nodes_managed_by,
    units_managed_by,
)
from wangge.webhooks.models import WebhookDelivery, WebhookSubscription


def subscription_list(user) -> QuerySet[WebhookSubscription]:
    """Subscriptions of the departments and nodes the user looks after."""
    units = units_managed_by(user)
    return (
        WebhookSubscription.objects.filter(units.q("department", "region"))
        .select_related("department", "region", "created_by")
        .order_by("pk")
    )


def subscription_get_for_user(user, pk: int) -> WebhookSubscription:
    subscription = subscription_list(user).filter(pk=pk).first()
    if subscription is None:
        raise Http404("No such subscription.")
    return subscription


def delivery_list(user, subscription: WebhookSubscription | None = None):
    """The delivery log of the user's units, newest first."""
    units = units_managed_by(user)
    rows = WebhookDelivery.objects.filter(
        units.q("subscription__department", "subscription__region")
    )
    if subscription is not None:
        rows = rows.filter(subscription=subscription)
    return rows.select_related(
        "subscription__department", "subscription__region", "case"
    ).order_by("-pk")


def delivery_get_for_user(user, pk: int) -> WebhookDelivery:
    delivery = delivery_list(user).filter(pk=pk).first()
    if delivery is None:
        raise Http404("No such delivery.")
    return delivery


def unit_for_user(user, *, department: str = "", region: str = ""):
    """(department, region) named by code among the units the user looks after.

    A code the user does not look after is refused as bad input naming the field.
    """
    if bool(department) == bool(region):
        raise ValidationError(
            {"department": _("Name either a department or a node, by its code.")}
        )
    if department:
        found = departments_managed_by(user).filter(code=department).first()
        if found is None:
            raise ValidationError(
                {"department": _("Choose a department whose systems you look after.")}
            )
        return found, None
    node = nodes_managed_by(user).filter(code=region).first()
    if node is None:
        raise ValidationError(
            {"region": _("Choose a platform node whose systems you look after.")}
        )
    return None, node


def unit_choices(user) -> list[tuple[str, str]]:
    """The units the user may subscribe, as form choices `("department:CODE", name)`."""
    choices = [
        (f"department:{d.code}", str(d.name))
        for d in departments_managed_by(user).select_related("region")[:200]
    ]
    choices += [
        (f"region:{r.code}", f"{r.name}（{r.code}）")
        for r in nodes_managed_by(user).defer("boundary").order_by("path")[:200]
    ]
    return choices
