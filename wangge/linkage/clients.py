"""Residents without an account: a keyed, daily-changing hash of their address limits how
often they rate or answer, and identifies nobody."""

import hashlib
import hmac

from django.conf import settings

from wangge.core import clock


def client_key(address: str, scope: str, *, daily: bool = True) -> str:
    """The same value for one address and scope (and day, when `daily`); daily keys are
    unlinkable across days."""
    day = clock.now().date().isoformat() if daily else ""
    message = f"{scope}|{address}|{day}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[
        :32
    ]


def client_address(request) -> str:
    """The client's address as the server sees it (behind nginx, its X-Real-IP)."""
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")
