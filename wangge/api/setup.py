"""The REST v1 API object: authentication, error mapping and the routers of every app.

Every endpoint needs `Authorization: Bearer <token or API key>` unless it says
`auth=None`. Errors have one shape everywhere, `{"detail": …, "errors": {field: […]}}`,
mapped here and nowhere else.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.openapi.schema import OpenAPISchema

from wangge.access.api_keys import ApiKeyRefused
from wangge.api.audit import router as audit_router
from wangge.api.auth import bearer
from wangge.api.auth_router import router as auth_router
from wangge.api.dashboard import router as dashboard_router
from wangge.api.intake_help import router as intake_help_router
from wangge.api.linkage import router as linkage_router
from wangge.api.regions import router as regions_router
from wangge.api.reviews import router as reviews_router
from wangge.cases.api import router as cases_router
from wangge.cases.api_filters import router as saved_filters_router
from wangge.cases.api_imports import router as case_imports_router
from wangge.cases.api_work import router as work_router
from wangge.cases.workflow import TransitionNotAllowed
from wangge.catalogue.api import router as catalogue_router
from wangge.core.ratelimit import RateLimited, too_many_response
from wangge.notifications.api import router as notifications_router
from wangge.patrols.api import router as patrols_router
from wangge.webhooks.api import router as webhooks_router

# The refusals every operation may meet, added to its documented answers when it can:
# the error body is the one `ErrorOut` these handlers send.
_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
_REFUSALS = {
    400: "Bad input: the message names the field (also a body that is not JSON).",
    401: "No valid bearer token or API key.",
    403: "The caller's post does not allow this.",
    404: "Not found, or outside the caller's area (the same answer).",
    413: "The request body is too large.",
    422: "A parameter or a body field does not fit the schema; `errors` names each.",
}


def _refusals(operation: dict) -> set[int]:
    """The error codes an operation can answer with, from what it takes and its auth."""
    codes = set()
    takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
    if takes_input:
        codes |= {400, 422}
    if operation.get("requestBody"):
        codes.add(413)
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        codes.add(404)
    if operation.get("security"):
        codes |= {401, 403}
    return codes


class DocumentedAPI(NinjaAPI):
    """ninja's API whose schema lists, for every operation, the refusals it can send."""

    def get_openapi_schema(
        self, *, path_prefix=None, path_params=None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        for item in schema["paths"].values():
            for operation in item.values():
                responses = operation["responses"]
                known = {int(code) for code in responses}
                for code in sorted(_refusals(operation) - known):
                    responses[code] = {
                        "description": _REFUSALS[code],
                        "content": {"application/json": {"schema": _ERROR_REF}},
                    }
                operation["responses"] = dict(
                    sorted(responses.items(), key=lambda pair: int(pair[0]))
                )
        return schema


api = DocumentedAPI(
    title="wangge REST API",
    version="1.0.0",
    description="REST v1 of the grid-governance platform. Obtain a token with "
    "POST /api/v1/auth/token, then send `Authorization: Bearer <token>`.",
    urls_namespace="api-v1",
    docs_url="/docs",
    # Without deep links: they put a link inside each operation's toggle button, a nested
    # control that screen readers cannot announce.
    docs=Swagger(settings={"deepLinking": False}),
    auth=bearer,
)

api.add_router("/auth/", auth_router)
api.add_router("/", regions_router)
# Before the cases: `/cases/nearby` is not the case numbered "nearby".
api.add_router("/", intake_help_router)
# Before the cases router: its `/cases/{id}` would take `/cases/export.xlsx`.
api.add_router("/", work_router)
api.add_router("/", saved_filters_router)
api.add_router("/", cases_router)
api.add_router("/", case_imports_router)
api.add_router("/", catalogue_router)
api.add_router("/", notifications_router)
api.add_router("/", linkage_router)
api.add_router("/", reviews_router)
api.add_router("/", patrols_router)
api.add_router("/", dashboard_router)
api.add_router("/", audit_router)
api.add_router("/", webhooks_router)

# Where a parameter came from, as ninja names it: not part of the field's name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


@api.exception_handler(DjangoValidationError)
def validation_error(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = {
            field: [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    else:
        errors = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
    first = next(iter(errors.values()))[0] if errors else _("Invalid input.")
    return api.create_response(request, {"detail": first, "errors": errors}, status=400)


@api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    return too_many_response(request, exc)


@api.exception_handler(TransitionNotAllowed)
def transition_not_allowed(request, exc: TransitionNotAllowed):
    """409 when the case's state no longer allows the action (it moved on), else 400."""
    errors = {"action": [exc.message]}
    body = {"detail": exc.message, "errors": errors}
    if exc.conflict:
        return api.create_response(request, {**body, "state": exc.state}, status=409)
    return api.create_response(request, body, status=400)


@api.exception_handler(SchemaValidationError)
def schema_validation_error(request, exc: SchemaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(
            _schema_message(error)
        )
    detail = _("Invalid input: %(fields)s.") % {"fields": ", ".join(errors)}
    return api.create_response(
        request, {"detail": detail, "errors": errors}, status=422
    )


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc: RequestDataTooBig):
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    message = _(
        "The request is larger than %(limit)d MB; send large photos one by one to the photos endpoint."
    ) % {"limit": limit_mb}
    return api.create_response(
        request, {"detail": message, "errors": {"photos": [message]}}, status=413
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusals; the one clients meet is a body that does not parse as JSON."""
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja wraps the parser's error (JSONDecodeError, UnicodeDecodeError: both
        # ValueErrors) in an untranslated 400; say it in the caller's language, naming it.
        message = _("The request body is not valid JSON.")
        return api.create_response(
            request, {"detail": message, "errors": {"body": [message]}}, status=400
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc: Exception):
    response = api.create_response(
        request,
        {"detail": _("A valid bearer token or API key is required.")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ApiKeyRefused)
def api_key_refused(request, exc: ApiKeyRefused):
    """An unknown or revoked key is no credential (401); a key without the scope, 403."""
    if not exc.known:
        return not_authenticated(request, exc)
    return api.create_response(
        request,
        {"detail": exc.message, "errors": {exc.field: [exc.message]}},
        status=403,
    )


@api.exception_handler(PermissionDenied)
@api.exception_handler(AuthorizationError)
def forbidden(request, exc: Exception):
    return api.create_response(
        request, {"detail": _("You may not do this.")}, status=403
    )


def _field_name(loc) -> str:
    """`["body", "payload", "username"]` → "username"; `["query", "lon"]` → "lon"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        # A body schema is one parameter: its name is ours, not the client's.
        if source in {"body", "form"} and len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def _schema_message(error: dict) -> str:
    """A pydantic error as a sentence in the caller's language, for the common kinds."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"float_parsing", "float_type", "finite_number"}:
        return _("Enter a number.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": _plain(ctx.get("ge"))
        }
    if kind == "greater_than":
        return _("Ensure this value is greater than %(limit_value)s.") % {
            "limit_value": _plain(ctx.get("gt"))
        }
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": _plain(ctx.get("le"))
        }
    if kind == "less_than":
        return _("Ensure this value is less than %(limit_value)s.") % {
            "limit_value": _plain(ctx.get("lt"))
        }
    if kind == "string_too_short":
        return _("Ensure this value has at least %(limit_value)s characters.") % {
            "limit_value": ctx.get("min_length")
        }
    if kind == "string_too_long":
        return _("Ensure this value has at most %(limit_value)s characters.") % {
            "limit_value": ctx.get("max_length")
        }
    if kind in {"literal_error", "enum"}:
        return _("Select a valid choice: %(expected)s.") % {
            "expected": ctx.get("expected", "")
        }
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("Enter a valid value.")


def _plain(number):
    """90.0 → 90: limits read as people write them."""
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number
