"""The webhooks page of a department or a node: its subscriptions, the delivery log of
each, and replays. Reads start from `webhooks.selectors` (404 for another unit's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wangge.webhooks import selectors, services
from wangge.workbench.forms.webhooks import SubscriptionForm
from wangge.workbench.service_calls import call_service

LOG_LIMIT = 100


def _index(request, form=None, created=None, status=200):
    units = selectors.unit_choices(request.user)
    context = {
        "subscriptions": selectors.subscription_list(request.user),
        "form": form or SubscriptionForm(units=units),
        "has_units": bool(units),
        "created": created,
    }
    return render(request, "workbench/webhooks/index.html", context, status=status)


@login_required
def index(request):
    """The subscriptions of the reader's units; subscribe one here (its secret shown once)."""
    if request.method != "POST":
        return _index(request)
    form = SubscriptionForm(request.POST, units=selectors.unit_choices(request.user))

    def subscribe():
        kind, _sep, code = form.cleaned_data["unit"].partition(":")
        department, region = selectors.unit_for_user(request.user, **{kind: code})
        return services.subscription_create(
            actor=request.user,
            department=department,
            region=region,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            description=form.cleaned_data["description"],
        )

    outcome = call_service(form, subscribe)
    if not outcome.ok:
        return _index(request, form=form, status=400)
    subscription, secret = outcome.value
    return _index(request, created={"subscription": subscription, "secret": secret})


@login_required
@require_GET
def detail(request, pk):
    """One subscription and its delivery log, newest first, each attempt listed."""
    subscription = selectors.subscription_get_for_user(request.user, pk)
    deliveries = selectors.delivery_list(request.user, subscription).prefetch_related(
        "attempt_log"
    )[:LOG_LIMIT]
    context = {"subscription": subscription, "deliveries": deliveries}
    return render(request, "workbench/webhooks/detail.html", context)


@login_required
@require_POST
def set_active(request, pk):
    subscription = selectors.subscription_get_for_user(request.user, pk)
    services.subscription_set_active(
        subscription=subscription, active=request.POST.get("active") == "on"
    )
    return redirect("workbench:webhook", pk=pk)


@login_required
@require_POST
def delete(request, pk):
    subscription = selectors.subscription_get_for_user(request.user, pk)
    services.subscription_delete(subscription=subscription)
    messages.success(request, _("The subscription and its delivery log are removed."))
    return redirect("workbench:webhooks")


@login_required
@require_POST
def replay(request, pk):
    """Send a delivery again with its event id: the receiver applies it at most once."""
    delivery = selectors.delivery_get_for_user(request.user, pk)
    if delivery.can_replay:
        services.delivery_replay(delivery=delivery)
        messages.success(request, _("The delivery is queued to be sent again."))
    else:
        messages.error(
            request, _("This delivery is still being tried; wait for it to end.")
        )
    return redirect("workbench:webhook", pk=delivery.subscription_id)
