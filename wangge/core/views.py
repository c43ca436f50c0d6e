import logging
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness and database reachability for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        response = JsonResponse(
            {"status": "error", "database": "unavailable"}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request):
    """`/favicon.ico`, asked for by browsers on pages that link no icon (the admin's)."""
    # Not permanent: the static file's hashed name changes with its content.
    return redirect(static("workbench/favicon.ico"))


logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


def server_error(request):
    """The 500 handler; 503 with Retry-After when the database could not be reached.

    A PostgreSQL restart or failover, or SQLite's write lock held past its timeout,
    surfaces as `OperationalError`/`InterfaceError` wherever a query met it, in a view or
    in a middleware. Nothing was acknowledged (the transaction did not commit), so the
    client is told to come back instead of being shown a bug. The broken connection is
    closed when the request finishes (Django closes connections that met an error).
    """
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return HttpResponse(render_to_string("500.html", request=None), status=500)
    logger.warning("database unavailable for %s: %s", request.path, error)
    message = _("The service is briefly unavailable. Please try again in a moment.")
    if request.path.startswith(("/api/", "/open311/")):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
