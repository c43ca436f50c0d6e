"""Personal data encrypted at rest: reporters' phone numbers and e-mail addresses.

Values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`)
under the keys of `WANGGE_DATA_KEYS` (or the file `WANGGE_DATA_KEYS_FILE`), newest first:
the first key encrypts, every key decrypts, so a new key is put in front, `manage.py
rotate_data_key` re-encrypts every stored value under it, and the old key is dropped
afterwards. A single-machine install without the variable keeps a generated key in
`var/data_key`; `WANGGE_PRODUCTION=1` refuses to start without one set explicitly.

A stored value is `enc1:` followed by the token; a value without the prefix is read as
written before encryption (the migration that turns it on encrypts those rows).
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1:"


def generate_key() -> str:
    return Fernet.generate_key().decode()


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "WANGGE_DATA_KEYS must be Fernet keys (32 url-safe base64-encoded bytes), "
            "newest first, separated by commas."
        ) from error


def cipher() -> MultiFernet:
    keys = tuple(settings.WANGGE_DATA_KEYS)
    if not keys:
        raise ImproperlyConfigured("WANGGE_DATA_KEYS is empty.")
    return _cipher(keys)


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX)


def encrypt(text: str | None) -> str:
    """The stored form of `text`; an empty value stays empty (so it can be filtered)."""
    if not text:
        return ""
    if is_encrypted(text):
        return text
    return PREFIX + cipher().encrypt(text.encode()).decode()


def decrypt(stored: str | None) -> str:
    if not stored:
        return ""
    if not is_encrypted(stored):
        return stored
    try:
        return cipher().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with any key of WANGGE_DATA_KEYS: "
            "was a key dropped before `rotate_data_key` ran?"
        ) from error


def rotate(stored: str) -> str:
    """The same value encrypted under the newest key."""
    if not is_encrypted(stored):
        return encrypt(stored)
    return PREFIX + cipher().rotate(stored[len(PREFIX) :].encode()).decode()
