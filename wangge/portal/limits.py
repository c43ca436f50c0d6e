"""The resident portal's limits against abuse, per phone and per client address.

The counting is `core.ratelimit`'s; this module says what each of the portal's scopes
allows. The client address is `core.client_address` (behind the trusted proxies).
"""

from __future__ import annotations

from wangge.core.client_address import client_address
from wangge.core.ratelimit import Limit, RateLimited, limits_forget_before
from wangge.core.ratelimit import limit_hit as _limit_hit

__all__ = [
    "LIMITS",
    "RateLimited",
    "client_address",
    "limit_hit",
    "limits_forget_before",
]

# What each scope allows. Reports: a household reports a few problems a day; a public
# address (an office behind one NAT) gets more. Codes by SMS cost money and annoy.
LIMITS: dict[str, Limit] = {
    "report_address": Limit(20, 3600),
    "report_phone": Limit(5, 86400),
    "code_address": Limit(10, 3600),
    "code_phone": Limit(3, 900),
    "track_address": Limit(60, 3600),
    # A poster is a PDF made on request: a print shop or an office fetches a handful.
    "poster_address": Limit(30, 3600),
}


def limit_hit(scope: str, key: str) -> None:
    """Count one hit of `key` in one of the portal's scopes (`LIMITS`)."""
    _limit_hit(scope, key, LIMITS[scope])
