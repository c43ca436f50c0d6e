"""Bearer secrets (API tokens and API keys): how they are made and stored (pure, no Django)."""

import hashlib
import secrets

# The kind of a secret shows in its first characters, so one lookup finds its row.
TOKEN_PREFIX = "wgt_"
API_KEY_PREFIX = "wgk_"
# Characters of an API key shown in the admin to tell keys apart (the prefix included).
SHOWN_PREFIX_LENGTH = len(API_KEY_PREFIX) + 8


def new_secret(kind_prefix: str) -> str:
    """A fresh random secret of 256 bits, URL-safe, starting with its kind."""
    return kind_prefix + secrets.token_urlsafe(32)


def secret_digest(secret: str) -> str:
    """What is stored instead of the secret: its SHA-256, hex."""
    return hashlib.sha256(secret.encode()).hexdigest()
