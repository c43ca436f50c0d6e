"""Limits against abuse of the public pages, per phone and per client address.

Fixed windows counted in the database (`RateCounter`), so every gunicorn worker and the
API share one count; Django's cache is per process here (no CACHES configured). A hit
past the limit raises `RateLimited` with the seconds until the window ends, which the
pages and the API answer as 429 with `Retry-After`. Keys are hashed: the counters hold
no phone number or address in the clear.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from wangge.core import clock
from wangge.portal.codes import keyed_hash
from wangge.portal.models import RateCounter


@dataclass(frozen=True)
class Limit:
    """At most `hits` in each window of `seconds`."""

    hits: int
    seconds: int


# What each scope allows. Reports: a household reports a few problems a day; a public
# address (an office behind one NAT) gets more. Codes by SMS cost money and annoy.
LIMITS: dict[str, Limit] = {
    "report_address": Limit(20, 3600),
    "report_phone": Limit(5, 86400),
    "code_address": Limit(10, 3600),
    "code_phone": Limit(3, 900),
    "track_address": Limit(60, 3600),
}


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


def limit_hit(scope: str, key: str) -> None:
    """Count one hit of `key` in `scope`; raise `RateLimited` once past the limit.

    A refused hit is counted too, so hammering does not shorten the wait.
    """
    if not key:
        return
    limit = LIMITS[scope]
    now = clock.now()
    start = _window_start(now, limit.seconds)
    hashed = keyed_hash("limit", key)
    hits = _increment(scope, hashed, start)
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


def client_address(request) -> str:
    """The resident's address: REMOTE_ADDR, or behind `WANGGE_PROXY_COUNT` proxies the
    address the nearest of them saw (X-Forwarded-For counted from the right, which a
    client cannot forge)."""
    proxies = getattr(settings, "WANGGE_PROXY_COUNT", 0)
    if proxies > 0:
        chain = [
            a.strip()
            for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if a.strip()
        ]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def limits_forget_before(moment: datetime) -> int:
    """Delete counters of windows that started before `moment`; returns how many."""
    deleted, _rows = RateCounter.objects.filter(window_start__lt=moment).delete()
    return deleted
