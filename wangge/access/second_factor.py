"""Staff two-factor sign-in: who needs a second factor, enrolment, and checking a code.

A second factor is an authenticator app's time-based code (TOTP, RFC 6238) or one of ten
single-use recovery codes. Superusers (`WANGGE_SECOND_FACTOR_FOR_SUPERUSERS`) and the roles
in `WANGGE_SECOND_FACTOR_ROLES` (administrators by default) must have one; anyone else may enrol, and once enrolled is
always asked. The codes are checked by django-otp, which also slows down guessing
(each failure doubles the wait before the next try). The authenticator on the phone counts
real time, so codes are checked against the system clock, not `core.clock`.
"""

from __future__ import annotations

import secrets
from typing import Any

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wangge.access.jurisdiction import jurisdiction_of

RECOVERY_CODES = 10
_AUTHENTICATOR = "authenticator"
_RECOVERY = "recovery codes"


def second_factor_required(user: Any) -> bool:
    """Whether `user` may not work without passing a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and settings.WANGGE_SECOND_FACTOR_FOR_SUPERUSERS:
        return True
    if has_second_factor(user):
        return True
    required = set(settings.WANGGE_SECOND_FACTOR_ROLES)
    return bool(required & set(jurisdiction_of(user).roles))


def has_second_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_check(user: Any, code: str):
    """The device that accepts `code` (a recovery code is used up), or None."""
    code = "".join((code or "").split())
    if not code or len(code) > 16:
        return None
    return django_otp.match_token(user, code)


def enrolment_device(user: Any) -> TOTPDevice:
    """The authenticator being enrolled: a new secret until a code confirms it."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": _AUTHENTICATOR}
    )
    return device


@transaction.atomic
def enrolment_confirm(user: Any, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code; the new recovery codes, or None."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token("".join((code or "").split())):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user)


@transaction.atomic
def recovery_codes_renew(user: Any) -> list[str]:
    """Ten fresh single-use recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_RECOVERY, confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_factor_remove(user: Any) -> None:
    """Forget every device (an administrator does this when a phone is lost)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
