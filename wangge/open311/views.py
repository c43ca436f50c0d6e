"""GeoReport v2 over HTTP: thin views, each answering JSON or XML as its URL asks.

`georeport` gives every view the same frame: the language (Accept-Language, or
`?locale=`), the check of `jurisdiction_id`, and refusals answered as the spec's list of
errors. Reads of requests need an API key with the read scope, submissions one with the
submit scope; `api_key_use` checks the key, counts it against its rate limit and puts
its use on the audit trail.
"""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from wangge.access.api_keys import ApiKeyRefused, KeyScope, api_key_use
from wangge.core import clock
from wangge.core.ratelimit import RateLimited
from wangge.open311 import definitions, parsing, selectors, services
from wangge.open311.errors import Open311Error, bad_parameter
from wangge.open311.formats import MEDIA_TYPES, render, render_errors, w3c_datetime

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def _language(request: HttpRequest) -> str:
    """The language of the answer: `?locale=` when it names one we speak, else the request's."""
    asked = request.GET.get("locale", "").replace("_", "-").lower()
    if asked:
        try:
            return translation.get_supported_language_variant(asked)
        except LookupError:
            pass
    return translation.get_language()


def _jurisdiction_check(request: HttpRequest) -> None:
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if given is None or given == "":
        return
    city = selectors.city_get()
    if city is None or given.strip() != city.code:
        raise bad_parameter(
            _("jurisdiction_id %(given)s is not served here; use %(code)s.")
            % {"given": given, "code": city.code if city else ""}
        )


def georeport(view):
    """Language, jurisdiction_id and the spec's error answers around a GeoReport view."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
        with translation.override(_language(request)):
            try:
                _jurisdiction_check(request)
                response = view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                response = render_errors(error.as_list(), fmt, status=error.status)
                if error.retry_after is not None:
                    response["Retry-After"] = str(error.retry_after)
            response["Content-Language"] = translation.get_language()
            return response

    return wrapper


def _key(request: HttpRequest, scope: str):
    """The API key of the request, allowed `scope`; refused with 403, or 429 past its limit."""
    secret = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not secret:
        raise Open311Error(403, _("api_key is required."))
    try:
        return api_key_use(request, secret, scope)
    except ApiKeyRefused as refused:
        raise Open311Error(403, str(refused.message)) from None
    except RateLimited as limited:
        raise Open311Error(
            429, limited.message, retry_after=limited.retry_after
        ) from None


@require_GET
@georeport
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Where the GeoReport v2 endpoint is, what it speaks, and whom to ask for a key."""
    changeset = w3c_datetime(definitions.catalogue_changeset())
    city = selectors.city_get()
    city_name = city.name if city else ""
    body = {
        "changeset": changeset,
        "contact": _("The city management office of %(city)s.") % {"city": city_name},
        "key_service": _(
            "Ask the city management office of %(city)s for an API key; say whether "
            "it is to submit requests, to read them, or both, and for which area."
        )
        % {"city": city_name},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri("/open311/v2/"),
                "changeset": changeset,
                "type": "production",
                "formats": MEDIA_TYPES,
            }
        ],
    }
    return render(body, fmt, root="discovery")


@require_GET
@georeport
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(definitions.service_list(), fmt, root="services")


@require_GET
@georeport
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    return render(definitions.service_definition(code), fmt, root="service_definition")


def _query(request: HttpRequest) -> selectors.RequestQuery:
    params = request.GET
    start, end = parsing.date_window(
        params.get("start_date"), params.get("end_date"), clock.now()
    )
    return selectors.RequestQuery(
        numbers=parsing.comma_list(
            "service_request_id", params.get("service_request_id")
        ),
        service_codes=parsing.comma_list("service_code", params.get("service_code")),
        statuses=[
            s.lower() for s in parsing.comma_list("status", params.get("status"))
        ],
        start=start,
        end=end,
    )


@require_http_methods(["GET", "POST"])
@georeport
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: the requests matching the filters. POST: a new request (form-encoded)."""
    if request.method == "POST":
        return _submit(request, fmt)
    key = _key(request, KeyScope.READ)
    query = _query(request)
    selectors.request_query_check(query)
    cases = selectors.request_list(key, request.user, query)
    return render(
        [selectors.request_fields(c) for c in cases], fmt, root="service_requests"
    )


def _submit(request: HttpRequest, fmt: str) -> HttpResponse:
    key = _key(request, KeyScope.SUBMIT)
    submitted = services.request_submit(
        key=key,
        user=request.user,
        form=dict(request.POST.lists()),
        idempotency_key=request.headers.get("Idempotency-Key", ""),
    )
    case = submitted.case
    answer = {
        "service_request_id": case.number,
        "token": selectors.request_token(case),
        "service_notice": selectors.service_notice(case.category),
        "account_id": submitted.details.account_id,
    }
    return render([answer], fmt, root="service_requests")


@require_GET
@georeport
def request_detail(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    key = _key(request, KeyScope.READ)
    case = selectors.request_get(key, request.user, number)
    return render([selectors.request_fields(case)], fmt, root="service_requests")


@require_GET
@georeport
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    key = _key(request, KeyScope.READ)
    case = selectors.request_by_token(key, request.user, token)
    answer = {"service_request_id": case.number, "token": token}
    return render([answer], fmt, root="service_requests")
