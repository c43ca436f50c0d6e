"""Signing a delivery and checking a signature: pure, no database, no settings.

The signature is `sha256=<hex HMAC-SHA256 of "timestamp.body">` keyed with the
subscription's secret; the timestamp (Unix seconds) travels in `X-Wangge-Timestamp`, so a
receiver can refuse a message replayed long after it was signed. `verify_signature` is
the function the README gives receivers to copy.
"""

from __future__ import annotations

import hashlib
import hmac
import json

PREFIX = "sha256="
# How far a receiver may let the signed timestamp lie from its own clock.
TOLERANCE_SECONDS = 300


def body_bytes(payload: dict) -> bytes:
    """The JSON body exactly as sent: the same bytes for every attempt of a delivery."""
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The `X-Wangge-Signature` header value of `body` sent at `timestamp`."""
    message = str(int(timestamp)).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return PREFIX + digest


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    now: float,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """Whether `signature` is ours for `body` at `timestamp`, signed within `tolerance` of `now`."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent_at) > tolerance:
        return False
    expected = sign(secret, sent_at, body)
    return hmac.compare_digest(expected, signature or "")
