"""Secrets the portal hands out and how it stores them: tracking codes, one-time codes, hashes.

Codes are short, so a plain hash could be reversed by trying them all; they are stored as
HMAC-SHA256 keyed with the site's secret key, so a copy of the database alone reveals
nothing. Phone numbers used as keys (limits, challenges) are hashed the same way.
"""

from __future__ import annotations

import re
import secrets

from wangge.core.keyed_hash import keyed_hash, keyed_hash_matches

# Tracking codes avoid letters read alike (0/O, 1/I/L): they are copied by hand.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 8
OTP_LENGTH = 6

_PHONE = re.compile(r"^1[3-9]\d{9}$")


# The portal's hashes of phones, codes and tracking codes (core.keyed_hash).
matches = keyed_hash_matches


def new_tracking_code() -> str:
    """A fresh random tracking code, e.g. "7KQ2-M9XD" without the dash."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def tracking_code_for(client: str, idempotency_key: str) -> str:
    """The tracking code of a request with an idempotency key: derived, so a replay of the
    same request (a double submit) answers the same code although only its hash is kept."""
    return code_from_digest(keyed_hash("tracking-key", f"{client}\n{idempotency_key}"))


def code_from_digest(digest: str) -> str:
    """A tracking code spelled from a hexadecimal digest."""
    number = int(digest, 16)
    chars = []
    for _ in range(TRACKING_LENGTH):
        number, index = divmod(number, len(TRACKING_ALPHABET))
        chars.append(TRACKING_ALPHABET[index])
    return "".join(chars)


def normalise_tracking_code(code: str) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes."""
    return re.sub(r"[\s-]", "", code or "").upper()


def format_tracking_code(code: str) -> str:
    """The code as shown, in two groups of four: "7KQ2-M9XD"."""
    return f"{code[:4]}-{code[4:]}" if len(code) == TRACKING_LENGTH else code


def new_otp() -> str:
    """A six-digit one-time code."""
    return f"{secrets.randbelow(10**OTP_LENGTH):0{OTP_LENGTH}d}"


def normalise_phone(phone: str) -> str:
    """A mainland mobile number without spaces, dashes or +86; "" when it is not one."""
    digits = re.sub(r"[\s-]", "", phone or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits if _PHONE.match(digits) else ""
