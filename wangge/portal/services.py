"""Writes of the public portal: phone confirmation, a resident's report, its rating.

A resident's report goes through the one intake (`cases.services.case_create`, channel
`resident`, filed as the public): it starts at the community of its cell with its stage
clock running, like any other case. The portal adds only the secret tracking code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.cases.models import Case, Channel, IdempotencyRecord
from wangge.cases.services import Report, case_create, case_rate
from wangge.core import clock
from wangge.notifications.channels import sms_backend
from wangge.portal import codes
from wangge.portal.limits import limit_hit
from wangge.portal.models import PhoneChallenge, ResidentReport
from wangge.portal.selectors import public_category_codes, resident_report_find

# Who files through the portal, for the idempotency records: one client, keys from browsers.
PORTAL_CLIENT = "portal"
OTP_LIFETIME = timedelta(minutes=10)
OTP_ATTEMPTS = 5


@dataclass(frozen=True)
class Filed:
    """What a resident gets back: the case (its number is the tracking number) and the code."""

    case: Case
    tracking_code: str
    replayed: bool = False

    @property
    def tracking_code_display(self) -> str:
        return codes.format_tracking_code(self.tracking_code)


def _phone(phone: str) -> str:
    normalised = codes.normalise_phone(phone)
    if not normalised:
        raise ValidationError(
            {"phone": _("Enter a mainland mobile number of 11 digits.")}
        )
    return normalised


def phone_code_send(*, phone: str, address: str) -> PhoneChallenge:
    """Send a one-time code to confirm `phone`, through the configured SMS provider.

    Limited per phone and per client address (`RateLimited`). The code is never stored in
    the clear, not even in the outbox: it is sent at once, and only its hash kept.
    """
    normalised = _phone(phone)
    limit_hit("code_address", address)
    limit_hit("code_phone", normalised)
    code = codes.new_otp()
    now = clock.now()
    challenge = PhoneChallenge.objects.create(
        phone_hash=codes.keyed_hash("phone", normalised),
        code_hash=codes.keyed_hash("otp", f"{normalised}:{code}"),
        expires_at=now + OTP_LIFETIME,
    )
    minutes = int(OTP_LIFETIME.total_seconds() // 60)
    body = _(
        "Your confirmation code is %(code)s. It is valid for %(minutes)d minutes; "
        "do not tell it to anyone."
    ) % {"code": code, "minutes": minutes}
    try:
        sms_backend().send(normalised, body)
    except Exception:
        challenge.delete()
        raise ValidationError(
            {"phone": _("The code could not be sent just now; try again later.")}
        ) from None
    return challenge


def phone_code_check(*, phone: str, code: str) -> PhoneChallenge:
    """The live challenge of `phone` that `code` answers; a wrong code uses up an attempt.

    Raises `ValidationError` on "code" for a wrong, expired, used-up or unknown code.
    """
    normalised = _phone(phone)
    now = clock.now()
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(
                phone_hash=codes.keyed_hash("phone", normalised),
                used_at__isnull=True,
                expires_at__gt=now,
            )
            .order_by("-created_at", "-id")
            .first()
        )
        if challenge is None:
            error = _("The code has expired or was not sent; ask for a new one.")
        elif challenge.attempts >= OTP_ATTEMPTS:
            error = _("Too many wrong codes; ask for a new one.")
        else:
            challenge.attempts += 1
            good = codes.matches(
                "otp", f"{normalised}:{(code or '').strip()}", challenge.code_hash
            )
            if good:
                challenge.confirmed_at = now
            challenge.save(update_fields=["attempts", "confirmed_at"])
            error = None if good else _("The code is wrong.")
    # Raised after the block, so the used attempt stays counted.
    if error:
        raise ValidationError({"code": error})
    return challenge


def _challenge_use(challenge: PhoneChallenge) -> None:
    """Spend a confirmed challenge: it confirms one report only."""
    used = PhoneChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(
        used_at=clock.now()
    )
    if not used:
        raise ValidationError(
            {"code": _("This code was already used; ask for a new one.")}
        )


def resident_report_file(
    *,
    category: str,
    description: str,
    lon: float,
    lat: float,
    address_text: str = "",
    name: str = "",
    phone: str = "",
    code: str = "",
    photos: list[dict] | None = None,
    client_address: str = "",
    idempotency_key: str = "",
) -> Filed:
    """File a resident's report through the intake and give it a secret tracking code.

    A phone, if given, must be confirmed with the one-time code sent to it. Limited per
    client address and per phone (`RateLimited`). With an `idempotency_key`, a double
    submit answers the first case and the same tracking code.
    """
    report = Report(
        category=category,
        description=description,
        lon=lon,
        lat=lat,
        channel=Channel.RESIDENT,
        address=address_text,
        reporter_name=name,
        reporter_phone=codes.normalise_phone(phone) if phone else "",
        photos=photos or [],
    )
    if idempotency_key and _was_filed(idempotency_key):
        # A replay: intake answers the first case (or refuses a different body).
        intake = case_create(
            report=report, idempotency_key=idempotency_key, client=PORTAL_CLIENT
        )
        return Filed(
            intake.case,
            codes.tracking_code_for(PORTAL_CLIENT, idempotency_key),
            replayed=True,
        )
    if category and category not in public_category_codes():
        raise ValidationError({"category": _("Choose one of the categories offered.")})
    limit_hit("report_address", client_address)
    challenge = None
    if phone:
        limit_hit("report_phone", _phone(phone))
        challenge = phone_code_check(phone=phone, code=code)
    tracking_code = (
        codes.tracking_code_for(PORTAL_CLIENT, idempotency_key)
        if idempotency_key
        else codes.new_tracking_code()
    )
    with transaction.atomic():
        intake = case_create(
            report=report, idempotency_key=idempotency_key, client=PORTAL_CLIENT
        )
        if intake.replayed:  # a concurrent double submit won the race
            return Filed(intake.case, tracking_code, replayed=True)
        if challenge is not None:
            _challenge_use(challenge)
        ResidentReport.objects.create(
            case=intake.case,
            code_hash=codes.keyed_hash("tracking", tracking_code),
            phone_confirmed=challenge is not None,
        )
    return Filed(intake.case, tracking_code)


def _was_filed(idempotency_key: str) -> bool:
    return IdempotencyRecord.objects.filter(
        owner=PORTAL_CLIENT, key=idempotency_key
    ).exists()


def resident_report_rate(
    *, number: str, code: str, satisfaction: str, comment: str = ""
) -> Case:
    """The resident's rating of their closed case, proved by its tracking code (404 otherwise).

    The core's rating step: rated once; an unsatisfied rating asks the desk for a return
    visit, and the desk may reopen the case.
    """
    case = resident_report_find(number, code)
    return case_rate(
        case=case,
        actor=None,
        satisfaction=satisfaction,
        comment=comment,
        by_reporter=True,
    )
