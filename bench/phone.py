"""The grid worker's phone and the intake's helpers on the demo city, in one process.

Seeds the default demo (its patrols included), then times each page or endpoint as a
demo grid worker and a community desk see it, through Django's test client (server time,
no network): p50 / p95 in ms and the query count, which must not grow with the data.
Run: .venv/bin/python bench/phone.py [repeats]  (BENCH_POSTGRES_URL=… for PostgreSQL)
"""

import io
import json
import statistics
import sys
import time
from datetime import timedelta

from _setup import django_with_fresh_database

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 30


def timed(label, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm caches (catalogue, locate index)
    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code < 400, (label, response.status_code)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{label:<44} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"
        f"   {len(queries):3d} queries"
    )


def main():
    where = django_with_fresh_database("phone")
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from wangge.cases.models import Case
    from wangge.patrols import services
    from wangge.patrols.models import Patrol
    from wangge.people.models import Post
    from wangge.people.roles import Role

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    started = time.perf_counter()
    call_command("seed_demo", stdout=io.StringIO())
    print(f"database {where}; demo seeded in {time.perf_counter() - started:.0f} s")
    walked = Patrol.objects.order_by("-id").first()
    worker = walked.worker
    cell = walked.cell
    desk = (
        Post.objects.active()
        .filter(role=Role.DESK, region=cell.parent)
        .select_related("user")
        .first()
        .user
    )
    print(
        f"{Patrol.objects.count()} patrols, {Case.objects.count()} cases; "
        f"worker {worker.username} of cell {cell.code}, desk {desk.username}"
    )
    phone, office = Client(), Client()
    phone.force_login(worker)
    office.force_login(desk)
    point = {"lon": cell.centroid_lon, "lat": cell.centroid_lat}
    category = (
        Case.objects.filter(cell=cell).values_list("category__code", flat=True).first()
        or "E0605"
    )

    timed("GET /m/ (today's tasks)", lambda: phone.get("/m/"))
    timed("GET /m/report/", lambda: phone.get("/m/report/"))
    timed(
        f"GET /m/patrols/{walked.pk}/ (a demo walk)",
        lambda: phone.get(f"/m/patrols/{walked.pk}/"),
    )
    timed(
        "GET /cases/new/categories/?q=井盖",
        lambda: office.get("/cases/new/categories/", {"q": "井盖"}),
    )
    timed("GET /cases/new/place/", lambda: office.get("/cases/new/place/", point))
    timed(
        "GET /cases/new/nearby/",
        lambda: office.get("/cases/new/nearby/", {**point, "category": category}),
    )

    patrol = services.patrol_start(worker=worker, cell=cell)
    batch = [
        {
            "lon": cell.centroid_lon,
            "lat": cell.centroid_lat,
            "accuracy": 10,
            "recorded_at": (patrol.started_at + timedelta(seconds=i / 2)).isoformat(),
        }
        for i in range(500)
    ]
    started = time.perf_counter()
    answer = phone.post(
        f"/m/patrols/{patrol.pk}/points/",
        json.dumps({"points": batch}),
        content_type="application/json",
    )
    print(
        f"POST 500 track points: {(time.perf_counter() - started) * 1000:.0f} ms -> {answer.json()}"
    )
    timed("GET /m/patrol/ (500 points so far)", lambda: phone.get("/m/patrol/"))
    started = time.perf_counter()
    services.patrol_end(patrol=patrol, actor=worker)
    print(
        f"patrol_end (measures 500 points): {(time.perf_counter() - started) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
