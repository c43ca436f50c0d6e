"""Reads of the API app: who a bearer secret stands for."""

from datetime import timedelta

from wangge.api.keys import API_KEY_PREFIX, TOKEN_PREFIX, secret_digest
from wangge.api.models import ApiKey, ApiToken
from wangge.core.clock import now

# `last_used_at` is written at most this often per secret, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_for_bearer(secret: str):
    """The active user a bearer token or API key stands for, or None.

    None for an unknown, expired or revoked secret and for an inactive user.
    """
    if secret.startswith(TOKEN_PREFIX):
        model, live = ApiToken, {"expires_at__gt": now()}
    elif secret.startswith(API_KEY_PREFIX):
        model, live = ApiKey, {"revoked_at__isnull": True}
    else:
        return None
    row = (
        model.objects.select_related("user")
        .filter(key_hash=secret_digest(secret), **live)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    moment = now()
    if row.last_used_at is None or moment - row.last_used_at >= LAST_USED_RESOLUTION:
        model.objects.filter(pk=row.pk).update(last_used_at=moment)
    return row.user
