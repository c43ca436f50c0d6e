"""Writes of the API app: issuing and revoking people's bearer tokens."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.access.bearer import (
    SHOWN_PREFIX_LENGTH,
    TOKEN_PREFIX,
    new_secret,
    secret_digest,
)
from wangge.api.models import ApiToken
from wangge.core.clock import now


def api_token_issue(*, user) -> tuple[str, ApiToken]:
    """Issue a bearer token to a person who has proved their password.

    Returns the token (shown once; only its hash is kept) and its row. The person's
    expired tokens are dropped at the same time.
    """
    issued_at = now()
    secret = new_secret(TOKEN_PREFIX)
    with transaction.atomic():
        ApiToken.objects.filter(user=user, expires_at__lte=issued_at).delete()
        token = ApiToken.objects.create(
            user=user,
            key_hash=secret_digest(secret),
            prefix=secret[:SHOWN_PREFIX_LENGTH],
            expires_at=issued_at + timedelta(hours=settings.WANGGE_API_TOKEN_HOURS),
        )
    return secret, token


def api_token_revoke(*, secret: str) -> bool:
    """Revoke the token `secret` (logout); whether there was one. An API key is no token:
    it is revoked by an administrator (`api_key_revoke`)."""
    if not secret.startswith(TOKEN_PREFIX):
        raise ValidationError(
            {
                "Authorization": _(
                    "An API key is not ended by logging out; an administrator revokes it."
                )
            }
        )
    deleted, _rows = ApiToken.objects.filter(key_hash=secret_digest(secret)).delete()
    return bool(deleted)


def api_tokens_revoke(*, user) -> int:
    """Revoke every token of the user (their password changed, their last post ended)."""
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    return deleted
