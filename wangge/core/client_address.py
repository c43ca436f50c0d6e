"""The address of the client behind the trusted reverse proxies.

Behind nginx every request comes from 127.0.0.1; the client is in `X-Forwarded-For`,
which anyone can also write. The header is read only when the direct peer is one of
`WANGGE_TRUSTED_PROXIES` (addresses or networks), and then from the right: each
trusted proxy appends the address it saw, so the right-most address that is not a
trusted proxy is the client. Lockouts (django-axes) and rate limits use this.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.WANGGE_TRUSTED_PROXIES))
    if not networks or not _trusted(peer, networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return hops[0] if hops else peer
