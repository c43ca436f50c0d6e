"""Residents without an account: a keyed, daily-changing hash of their address limits how
often they rate or answer, and identifies nobody.

The address is `core.client_address`'s: the client behind the trusted proxies, never a
header the client could write itself.
"""

from django.utils import timezone

from wangge.core import clock
from wangge.core.client_address import client_address
from wangge.core.keyed_hash import keyed_hash

__all__ = ["client_address", "client_key"]


def client_key(address: str, scope: str, *, daily: bool = True) -> str:
    """The same value for one address and scope (and day, when `daily`); daily keys are
    unlinkable across days."""
    day = timezone.localdate(clock.now()).isoformat() if daily else ""
    return keyed_hash(f"client:{scope}", f"{address}|{day}")[:32]
