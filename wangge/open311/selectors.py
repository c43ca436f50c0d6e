"""Reads of the GeoReport face: the requests a key may read, as GeoReport fields.

Every read starts from the cases the key's service user sees (`cases_visible_to`) and is
narrowed to the key's region: a request outside it answers 404, like one that does not
exist. No reporter's name, phone or e-mail is ever part of an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wangge.access.jurisdiction import paths_q
from wangge.cases.access import cases_visible_to
from wangge.cases.models import Case
from wangge.cases.workflow import CaseState
from wangge.catalogue.models import Category
from wangge.open311.errors import Open311Error, bad_parameter, not_found
from wangge.open311.parsing import MAX_REQUESTS
from wangge.open311.statuses import STATUSES, states_with, status_of
from wangge.regions.levels import Level
from wangge.regions.models import Region

_TOKEN_SALT = "wangge.open311.token"


def city_get() -> Region:
    """The city: the one jurisdiction this server answers for (its code is the jurisdiction_id)."""
    return (
        Region.objects.filter(level=Level.CITY, parent__isnull=True)
        .defer("boundary")
        .order_by("code")
        .first()
    )


def key_area(key) -> Region:
    """The region a key reports in and reads from; the city for a city-wide key."""
    return key.region if key.region_id else city_get()


def requests_visible(key, user) -> QuerySet[Case]:
    """The cases a key may read: those its user sees, inside the key's region."""
    area = key_area(key)
    return (
        cases_visible_to(user)
        .filter(paths_q("cell_path", (area.path,)))
        .select_related(
            "category",
            "node",
            "handler_department",
            "handler_region",
            "merged_into",
            "open311_details",
        )
    )


@dataclass(frozen=True)
class RequestQuery:
    """The filters of `GET requests`, read from its parameters."""

    numbers: list[str]
    service_codes: list[str]
    statuses: list[str]
    start: datetime
    end: datetime


def request_query_check(query: RequestQuery) -> None:
    """Refuse statuses other than open and closed and service codes the catalogue lacks."""
    wrong = [s for s in query.statuses if s not in STATUSES]
    if wrong:
        raise bad_parameter(
            _("status must be open or closed, or both separated by a comma.")
        )
    if query.service_codes:
        known = set(
            Category.objects.filter(code__in=query.service_codes).values_list(
                "code", flat=True
            )
        )
        unknown = [c for c in query.service_codes if c not in known]
        if unknown:
            raise bad_parameter(
                _("service_code %(codes)s names no service.")
                % {"codes": ", ".join(unknown)}
            )


def request_list(key, user, query: RequestQuery) -> list[Case]:
    """The requests matching `query`, newest first, at most 1,000.

    `service_request_id` overrides every other filter, as the spec says.
    """
    cases = requests_visible(key, user)
    if query.numbers:
        cases = cases.filter(number__in=query.numbers)
    else:
        cases = cases.filter(created_at__gte=query.start, created_at__lte=query.end)
        if query.service_codes:
            cases = cases.filter(category__code__in=query.service_codes)
        if query.statuses and set(query.statuses) != set(STATUSES):
            states = [s for status in query.statuses for s in states_with(status)]
            cases = cases.filter(state__in=states)
    return list(cases.order_by("-created_at", "-id")[:MAX_REQUESTS])


def request_get(key, user, number: str) -> Case:
    """One request by its number; 404 when missing or outside the key's region."""
    case = requests_visible(key, user).filter(number=number).first()
    if case is None:
        raise not_found(
            _("There is no request with service_request_id %(id)s.") % {"id": number}
        )
    return case


def request_token(case: Case) -> str:
    """The token of a request: its number, signed, so no table is needed to look it up."""
    return signing.Signer(salt=_TOKEN_SALT).sign(case.number)


def request_by_token(key, user, token: str) -> Case:
    """The request a token stands for; 404 for a forged token or one outside the region."""
    try:
        number = signing.Signer(salt=_TOKEN_SALT).unsign(token)
    except signing.BadSignature:
        number = None
    if number is None:
        raise not_found(_("There is no request with this token."))
    try:
        return request_get(key, user, number)
    except Open311Error:
        raise not_found(_("There is no request with this token.")) from None


def service_notice(category: Category) -> str:
    """What the reporter may expect: the category's handling time limit."""
    limit = category.handling_limit
    if limit is None:
        return ""
    return _("To be handled within %(limit)s.") % {"limit": limit}


def _agency(case: Case) -> str:
    """Who answers for the request now: the handling unit, else the platform node."""
    if case.handler_department_id:
        return case.handler_department.name
    if case.handler_region_id:
        return case.handler_region.name
    return case.node.name


def _status_notes(case: Case) -> str:
    if case.state == CaseState.MERGED and case.merged_into_id:
        return _("Merged into request %(number)s.") % {
            "number": case.merged_into.number
        }
    return str(CaseState(case.state).label)


def request_fields(case: Case) -> dict:
    """The GeoReport fields of a request; nothing of its reporter."""
    details = getattr(case, "open311_details", None)
    return {
        "service_request_id": case.number,
        "status": status_of(case.state),
        "status_notes": _status_notes(case),
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": case.description,
        "agency_responsible": _agency(case),
        "service_notice": service_notice(case.category),
        "requested_datetime": case.created_at,
        "updated_datetime": case.updated_at,
        "expected_datetime": case.deadline,
        "address": case.address,
        "address_id": details.address_id if details else "",
        "zipcode": "",
        "lat": case.lat,
        "long": case.lon,
        "media_url": details.media_url if details else "",
    }
