"""Reads of the API app: who a person's bearer token stands for."""

from datetime import timedelta

from wangge.access.bearer import TOKEN_PREFIX, secret_digest
from wangge.api.models import ApiToken
from wangge.core.clock import now

# `last_used_at` is written at most this often per secret, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_for_token(secret: str):
    """The active user a person's bearer token stands for, or None.

    None for an unknown or expired token and for an inactive user. (API keys are opened
    by `access.api_keys.api_key_use`.)
    """
    if not secret.startswith(TOKEN_PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=secret_digest(secret), expires_at__gt=now())
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    moment = now()
    if row.last_used_at is None or moment - row.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=moment)
    return row.user
