"""Keyed hashes of personal values (phones, addresses, codes) kept only to compare."""

import hashlib
import hmac

from django.conf import settings


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value` for one `purpose`, keyed with the site's secret key."""
    key = hashlib.sha256(f"wangge.{purpose}:{settings.SECRET_KEY}".encode())
    return hmac.new(key.digest(), value.encode(), hashlib.sha256).hexdigest()


def keyed_hash_matches(purpose: str, value: str, stored_hash: str) -> bool:
    """Whether `value` hashes to `stored_hash`, compared in constant time."""
    return hmac.compare_digest(keyed_hash(purpose, value), stored_hash)
