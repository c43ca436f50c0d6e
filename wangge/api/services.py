"""Writes of the API app: issuing tokens, creating and revoking API keys."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.api.keys import (
    API_KEY_PREFIX,
    SHOWN_PREFIX_LENGTH,
    TOKEN_PREFIX,
    new_secret,
    secret_digest,
)
from wangge.api.models import ApiKey, ApiToken
from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record
from wangge.core.clock import now

SERVICE_USER_PREFIX = "api-"


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


def api_key_create(*, name: str, user=None) -> tuple[str, ApiKey]:
    """Create an API key for a machine client; returns the key (shown once) and its row.

    Without a user, the key acts as a service user `api-<name>` that has no password
    (created if missing); it sees what posts an administrator gives it.
    """
    try:
        validate_slug(name)
    except ValidationError as error:
        raise ValidationError({"name": error.messages}) from error
    secret = new_secret(API_KEY_PREFIX)
    with transaction.atomic():
        if ApiKey.objects.filter(name=name).exists():
            raise ValidationError(
                {
                    "name": [
                        _("An API key named %(name)s already exists.") % {"name": name}
                    ]
                }
            )
        if user is None:
            user = _service_user(name)
        key = ApiKey.objects.create(
            name=name,
            key_hash=secret_digest(secret),
            prefix=secret[:SHOWN_PREFIX_LENGTH],
            user=user,
        )
        audit_record(
            AuditAction.API_KEY_CHANGED,
            target=f"api_key:{name}",
            change="created",
            prefix=key.prefix,
        )
    return secret, key


def _service_user(name: str):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=f"{SERVICE_USER_PREFIX}{name}"
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def api_key_revoke(*, key: ApiKey) -> None:
    """Revoke an API key: from now on it authenticates nobody. Revoking twice changes nothing."""
    with transaction.atomic():
        revoked = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=now()
        )
        if revoked:
            audit_record(
                AuditAction.API_KEY_CHANGED,
                target=f"api_key:{key.name}",
                change="revoked",
            )
    key.refresh_from_db(fields=["revoked_at"])
