"""API keys of machine clients: created, revoked, and used, with their scope and limits.

Both faces that serve machine clients (REST v1 and Open311) open a request with
`api_key_use`: it finds the live key, checks its scope, counts the request against the
key's own limit, puts the use on the audit trail and makes the request's user the key's,
confined to the key's region. So a key reaches exactly its region, whatever the face.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.access.bearer import (
    API_KEY_PREFIX,
    SHOWN_PREFIX_LENGTH,
    new_secret,
    secret_digest,
)
from wangge.access.jurisdiction import confine_to_region
from wangge.access.models import ApiKey, KeyScope
from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record, audit_request
from wangge.core.clock import now
from wangge.core.ratelimit import Limit, limit_hit
from wangge.regions.models import Region

__all__ = [
    "ApiKey",
    "ApiKeyRefused",
    "KeyScope",
    "api_key_create",
    "api_key_for_secret",
    "api_key_revoke",
    "api_key_use",
]

SERVICE_USER_PREFIX = "api-"
DEFAULT_HITS_PER_MINUTE = 120
# `last_used_at` is written at most this often per key, not on every request.
LAST_USED_RESOLUTION_SECONDS = 60


class ApiKeyRefused(PermissionDenied):
    """A request a key may not make: unknown or revoked key (`known` False), or a scope
    it lacks (`known` True)."""

    field = "api_key"

    def __init__(self, message: str, *, known: bool):
        self.message = message
        self.known = known
        super().__init__(message)


def api_key_for_secret(secret: str) -> ApiKey | None:
    """The live key `secret` stands for (its user active), or None."""
    if not secret or not secret.startswith(API_KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("user", "region")
        .defer("region__boundary")
        .filter(key_hash=secret_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if key is None or not key.user.is_active:
        return None
    return key


def api_key_use(request, secret: str, scope: str) -> ApiKey:
    """Open `request` with the key `secret` for `scope`, or refuse it.

    Raises `ApiKeyRefused` for an unknown or revoked key or a scope the key lacks, and
    `core.ratelimit.RateLimited` past the key's requests per minute. Every accepted use is
    on the audit trail; `request.user` becomes the key's user, reaching the key's region.
    """
    key = api_key_for_secret(secret)
    if key is None:
        raise ApiKeyRefused(
            _("The API key is unknown or has been revoked."), known=False
        )
    if not key.allows(scope):
        raise ApiKeyRefused(
            _("This API key may not %(scope)s.")
            % {"scope": KeyScope(scope).label.lower()},
            known=True,
        )
    limit_hit("api_key", str(key.pk), Limit(key.hits_per_minute, 60))
    confine_to_region(key.user, key.region.path)
    request.user = key.user
    request.api_key = key
    audit_request(
        request,
        AuditAction.API_KEY_USED,
        target=f"{request.method} {request.path}",
        key=key.name,
    )
    moment = now()
    stale = (
        key.last_used_at is None
        or (moment - key.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS
    )
    if stale:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=moment)
    return key


def api_key_create(
    *,
    name: str,
    region: Region | None = None,
    scopes: list[str] | None = None,
    hits_per_minute: int | None = None,
    user=None,
) -> tuple[str, ApiKey]:
    """Create an API key for a machine client; returns the key (shown once) and its row.

    Without a region the key reaches the whole city; without scopes it may submit and
    read. Without a user, the key acts as a service user `api-<name>` that has no
    password (created if missing): the name that shows in the cases' timelines.
    """
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(name)
    except ValidationError as error:
        errors["name"] = error.messages
    scopes = list(KeyScope.values) if scopes is None else list(scopes)
    unknown = [s for s in scopes if s not in KeyScope.values]
    if unknown or not scopes:
        errors["scopes"] = [
            _("Choose the scopes among: %(scopes)s.")
            % {"scopes": ", ".join(KeyScope.values)}
        ]
    if hits_per_minute is None:
        hits_per_minute = DEFAULT_HITS_PER_MINUTE
    if hits_per_minute < 1:
        errors["hits_per_minute"] = [_("Allow at least one request per minute.")]
    if region is None:
        region = Region.objects.filter(parent__isnull=True).first()
        if region is None:
            errors["region"] = [_("There is no city region yet.")]
    if errors:
        raise ValidationError(errors)
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
            region=region,
            may_submit=KeyScope.SUBMIT in scopes,
            may_read=KeyScope.READ in scopes,
            hits_per_minute=hits_per_minute,
        )
        audit_record(
            AuditAction.API_KEY_CHANGED,
            target=f"api_key:{name}",
            change="created",
            prefix=key.prefix,
            region=region.code,
            scopes=key.scopes,
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
    """Revoke an API key: from now on it opens nothing. Revoking twice changes nothing."""
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
