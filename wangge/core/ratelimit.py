"""Rate limits in fixed windows, counted in the database.

Counted in `RateCounter` rows, not a per-process cache, so every gunicorn worker, the
pages and the API share one count. A hit past the limit raises `RateLimited` with the
seconds until the window ends, which pages and the API answer as 429 with `Retry-After`.
Keys are hashed (`core.keyed_hash`): the counters hold no phone number, username or
address in the clear. Each caller names its scopes and their `Limit`s.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.core.client_address import client_address
from wangge.core.keyed_hash import keyed_hash
from wangge.core.models import RateCounter


@dataclass(frozen=True)
class Limit:
    """At most `hits` in each window of `seconds`."""

    hits: int
    seconds: int


class RateLimited(Exception):
    """Too many requests; `retry_after` seconds until the window ends."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(self.message)

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        return _("Too many requests. Try again in %(minutes)d minutes.") % {
            "minutes": minutes
        }


def _window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def limit_hit(scope: str, key: str, limit: Limit) -> None:
    """Count one hit of `key` in `scope`; raise `RateLimited` once past `limit`.

    A refused hit is counted too, so hammering does not shorten the wait.
    """
    if not key:
        return
    now = clock.now()
    start = _window_start(now, limit.seconds)
    hits = _increment(scope, keyed_hash("limit", key), start)
    if hits > limit.hits:
        end = start + timedelta(seconds=limit.seconds)
        raise RateLimited(max(1, math.ceil((end - now).total_seconds())))


def _increment(scope: str, hashed: str, start: datetime) -> int:
    rows = RateCounter.objects.filter(scope=scope, key=hashed, window_start=start)
    with transaction.atomic():
        if rows.update(hits=F("hits") + 1):
            return rows.values_list("hits", flat=True).get()
        try:
            with transaction.atomic():
                RateCounter.objects.create(
                    scope=scope, key=hashed, window_start=start, hits=1
                )
            return 1
        except IntegrityError:
            # Another worker created the window's row first.
            rows.update(hits=F("hits") + 1)
            return rows.values_list("hits", flat=True).get()


def limit_configured(scope: str, key: str) -> None:
    """Count a hit against the limit `WANGGE_RATE_LIMITS[scope]` = (hits, seconds)."""
    hits, seconds = settings.WANGGE_RATE_LIMITS[scope]
    limit_hit(scope, key, Limit(hits, seconds))


def requester_key(request) -> str:
    """Who a request counts against: the signed-in person, else the client address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def limited(scope: str):
    """A view decorator: each POST counts against `WANGGE_RATE_LIMITS[scope]`, per
    signed-in person (or per client address for anyone else)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                limit_configured(scope, requester_key(request))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def too_many_response(request, exc: RateLimited) -> HttpResponse:
    """429 with Retry-After: JSON for machine clients, a short page for people."""
    if request.path.startswith(("/api/", "/open311/")):
        response = JsonResponse({"detail": exc.message}, status=429)
    else:
        response = HttpResponse(
            render_to_string("429.html", {"message": exc.message}, request=request),
            status=429,
        )
    response["Retry-After"] = str(exc.retry_after)
    return response


class RateLimitedMiddleware:
    """Answers a `RateLimited` raised anywhere below a view with 429 and Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_response(request, exception)
        return None


def limits_forget_before(moment: datetime) -> int:
    """Delete counters of windows that started before `moment`; returns how many."""
    deleted, _rows = RateCounter.objects.filter(window_start__lt=moment).delete()
    return deleted
