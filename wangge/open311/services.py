"""The GeoReport face's one write: a service request enters the same intake as every channel.

`request_submit` reads the form the spec defines, places it, checks it against the
service definition and the key's region, then calls `cases.services.case_create` with the
`open311` channel: the case is numbered, timed, routed and announced like any other.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.cases.models import Case, Channel
from wangge.cases.services import Report, case_create
from wangge.catalogue.choices import AttributeType
from wangge.catalogue.exceptions import CategoryNotFound
from wangge.catalogue.selectors import category_get_by_code
from wangge.core import clock
from wangge.open311.errors import Open311Error, bad_parameter, not_found
from wangge.open311.geocoding import address_point
from wangge.open311.models import RequestDetails
from wangge.open311.parsing import (
    SHANGHAI,
    attribute_answers,
    coordinate,
    w3c_datetime,
)
from wangge.open311.selectors import key_area
from wangge.regions.locate import OutsideGrid, locate

# Longest accepted values of the fields a case or its details keep.
MAX_LENGTHS = {
    "address_string": 200,
    "media_url": 500,
    "address_id": 100,
    "device_id": 100,
    "account_id": 100,
    "first_name": 32,
    "last_name": 32,
    "phone": 20,
    "email": 254,
    "description": 4000,
}
# The parameters of the intake's fields, to name them in errors as the client sent them.
PARAMETERS = {
    "lon": "long",
    "lat": "lat",
    "crs": "lat",
    "category": "service_code",
    "description": "description",
    "address": "address_string",
    "reporter_name": "first_name",
    "reporter_phone": "phone",
    "reporter_email": "email",
    "attributes": "attribute",
}


@dataclass
class Submitted:
    """What `POST requests` answers: the case, whether it was a replay, and its details."""

    case: Case
    replayed: bool
    details: RequestDetails


def _one(form: Mapping[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    value = values[-1].strip()
    if len(value) > MAX_LENGTHS.get(name, 200):
        raise bad_parameter(
            _("%(name)s may have at most %(max)d characters.")
            % {"name": name, "max": MAX_LENGTHS.get(name, 200)}
        )
    return value


def _point(form: Mapping[str, list[str]]) -> tuple[float, float]:
    """(lon, lat) from lat and long, else from address_string; refuse what gives neither."""
    lat, lon = _one(form, "lat"), _one(form, "long")
    if lat or lon:
        if not lat:
            raise bad_parameter(_("lat is required with long."))
        if not lon:
            raise bad_parameter(_("long is required with lat."))
        return coordinate("long", lon, -180, 180), coordinate("lat", lat, -90, 90)
    address = _one(form, "address_string")
    if not address:
        raise bad_parameter(
            _("A location is required: give lat and long, or address_string.")
        )
    point = address_point(address)
    if point is None:
        raise bad_parameter(
            _(
                "address_string could not be placed in one grid cell: name the "
                "community and the building, or give lat and long."
            )
        )
    return point


def _in_area(key, lon: float, lat: float) -> None:
    """Refuse a point outside every cell (400) or outside the key's region (403)."""
    try:
        path = locate(lon, lat)
    except OutsideGrid:
        raise bad_parameter(
            _("lat and long lie outside every grid cell of the city.")
        ) from None
    area = key_area(key)
    if not path[-1].path.startswith(area.path):
        raise Open311Error(
            403,
            _("lat and long lie outside the area this api_key may report in."),
        )


def _answers(form: Mapping[str, list[str]], category) -> dict:
    """The attribute[code] answers, a W3C date-time turned into the date it falls on."""
    answers = attribute_answers(list(form.items()))
    dates = {a.code for a in category.attributes.all() if a.type == AttributeType.DATE}
    for code in dates & answers.keys():
        value = answers[code]
        if isinstance(value, str) and "T" in value:
            answers[code] = (
                w3c_datetime(f"attribute[{code}]", value)
                .astimezone(SHANGHAI)
                .date()
                .isoformat()
            )
    return answers


def _contact(form: Mapping[str, list[str]]) -> tuple[str, str, str]:
    """The reporter's name, phone and e-mail as the intake keeps them."""
    first, last = _one(form, "first_name"), _one(form, "last_name")
    email, phone = _one(form, "email"), _one(form, "phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise bad_parameter(_("email is not an e-mail address.")) from None
    # Chinese names are written family name first, without a space.
    if first and last and not (first + last).isascii():
        name = last + first
    else:
        name = " ".join(part for part in (first, last) if part)
    return name, phone, email


def _media_url(form: Mapping[str, list[str]]) -> str:
    url = _one(form, "media_url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise bad_parameter(_("media_url must be an http or https URL.")) from None
    return url


def _idempotency_key(form: Mapping[str, list[str]], given: str) -> str:
    """The client's Idempotency-Key, else one derived from the form and the day.

    A GeoReport client has no way to say that a POST is a retry; the same form sent by
    the same key on the same day is taken as one (a retry after a lost answer).
    """
    if given:
        return given[:100]
    body = sorted((k, v) for k, v in form.items() if k != "api_key")
    day = clock.now().astimezone(SHANGHAI).date().isoformat()
    digest = hashlib.sha256(
        json.dumps([day, body], ensure_ascii=False).encode()
    ).hexdigest()
    return f"open311:{digest}"


def _refusal(error: ValidationError, category, answers: dict) -> Open311Error:
    """The intake's refusal, each message under the parameter the client sent."""
    codes = {a.code for a in category.attributes.all()} | set(answers)
    descriptions = []
    by_field = (
        error.message_dict
        if hasattr(error, "error_dict")
        else {"description": error.messages}
    )
    for field, messages in by_field.items():
        if field in codes:
            name = f"attribute[{field}]"
        else:
            name = PARAMETERS.get(field, field)
        descriptions += [
            _("%(name)s: %(message)s") % {"name": name, "message": m} for m in messages
        ]
    return bad_parameter(*descriptions)


def request_submit(
    *, key, user, form: Mapping[str, list[str]], idempotency_key: str = ""
) -> Submitted:
    """File a GeoReport service request as a case of channel `open311`, acting as `user`.

    `form` maps each parameter to its values (a QueryDict's `lists()`). Refuses with
    `Open311Error`, changing nothing: 404 for an unknown service_code, 403 for a point
    outside the key's region, 400 naming the parameter for anything else.
    """
    code = _one(form, "service_code")
    if not code:
        raise bad_parameter(_("service_code is required."))
    try:
        category = category_get_by_code(code)
    except CategoryNotFound:
        raise not_found(
            _("There is no service with service_code %(code)s.") % {"code": code}
        ) from None
    lon, lat = _point(form)
    _in_area(key, lon, lat)
    name, phone, email = _contact(form)
    report = Report(
        category=category.code,
        description=_one(form, "description") or category.name,
        lon=lon,
        lat=lat,
        channel=Channel.OPEN311,
        address=_one(form, "address_string"),
        reporter_name=name,
        reporter_phone=phone,
        reporter_email=email,
        attributes=_answers(form, category),
    )
    details = {
        "media_url": _media_url(form),
        "address_id": _one(form, "address_id"),
        "device_id": _one(form, "device_id"),
        "account_id": _one(form, "account_id"),
    }
    try:
        with transaction.atomic():
            intake = case_create(
                report=report,
                actor=user,
                idempotency_key=_idempotency_key(form, idempotency_key),
                client=f"api_key:{key.pk}",
            )
            row, _created = RequestDetails.objects.get_or_create(
                case=intake.case, defaults=details
            )
    except ValidationError as error:
        raise _refusal(error, category, report.attributes) from None
    return Submitted(case=intake.case, replayed=intake.replayed, details=row)
