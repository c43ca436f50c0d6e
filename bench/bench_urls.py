"""The project's URLs and a bare view that inserts one row: the floor intake is measured against."""

from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare_insert(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (body) VALUES (%s)", [request.body.decode()[:200]]
        )
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path("bench/bare", bare_insert), path("", include("wangge.urls"))]
