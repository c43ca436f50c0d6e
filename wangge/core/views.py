from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
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
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request):
    """`/favicon.ico`, asked for by browsers on pages that link no icon (the admin's)."""
    # Not permanent: the static file's hashed name changes with its content.
    return redirect(static("workbench/favicon.ico"))
