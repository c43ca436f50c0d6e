"""The real intake endpoint under load, beside a bare one-row insert, in the same run.

2 gunicorn workers, 16 concurrent keep-alive clients in this process. Intake here is the
whole path: bearer token, validation, locate, routing, case number, event and inbox rows.
Prints cases/s, latency percentiles, the ratio to the bare view and whether every 2xx
answer left its row. Run: .venv/bin/python bench/intake.py [seconds]
(BENCH_POSTGRES_URL=postgres://… runs it on PostgreSQL.)
"""

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _setup import ROOT, django_with_fresh_database

SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
BENCH = Path(__file__).resolve().parent
CLIENTS = 16


def prepare() -> tuple[str, str]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from wangge.api.services import api_token_issue
    from wangge.catalogue.models import Category
    from wangge.people.models import Post, User
    from wangge.people.roles import Role
    from wangge.regions.tests.factories import build_tree

    regions = build_tree(fanout=4)
    client = User.objects.create(username="bench-client")
    Post.objects.create(user=client, role=Role.DESK, region=regions["410100"])
    # Who intake notifies: a grid worker in every cell and a desk in every community
    # (unusable passwords: hashing a thousand real ones would take minutes).
    staffed = [
        (r, Role.GRID_WORKER if r.level == "cell" else Role.DESK)
        for r in regions.values()
        if r.level in ("cell", "community")
    ]
    users = User.objects.bulk_create(
        User(username=f"{role}-{r.code}", password=make_password(None))
        for r, role in staffed
    )
    Post.objects.bulk_create(
        Post(user=u, role=role, region=r)
        for u, (r, role) in zip(users, staffed, strict=True)
    )
    token = api_token_issue(user=client)[0]
    category = (
        Category.objects.filter(parent__isnull=False, is_active=True)
        .exclude(attributes__required=True)
        .order_by("code")
        .first()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_row (id INTEGER PRIMARY KEY, body TEXT)"
            if connection.vendor == "sqlite"
            else "CREATE TABLE bench_row (id SERIAL PRIMARY KEY, body TEXT)"
        )
    return token, category.code


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="settings_bench",
        PYTHONPATH=f"{BENCH}:{ROOT}",
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wsgi_bench:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--chdir",
            str(BENCH),
        ],
        env=env,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def load(port: int, path: str, token: str, category: str) -> dict:
    """16 clients on keep-alive connections for SECONDS; every answer counted and timed."""
    deadline = time.perf_counter() + SECONDS
    results: list[list[tuple[int, float]]] = [[] for _ in range(CLIENTS)]

    def client(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
        }
        while time.perf_counter() < deadline:
            body = json.dumps(
                {
                    "category": category,
                    "description": "bench report",
                    "channel": "api",
                    "lon": 113.0 + rng.random() * 1.6,
                    "lat": 34.0 + rng.random() * 1.6,
                    "reporter": {"name": "bench", "phone": "13800000000"},
                }
            )
            start = time.perf_counter()
            try:
                conn.request("POST", path, body, headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            results[index].append((status, time.perf_counter() - start))
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    answers = [a for r in results for a in r]
    ok = sorted(latency for status, latency in answers if 200 <= status < 300)
    return {
        "requests": len(answers),
        "ok": len(ok),
        "rate": len(ok) / elapsed,
        "p50": statistics.median(ok) * 1000 if ok else float("nan"),
        "p99": ok[int(len(ok) * 0.99) - 1] * 1000 if ok else float("nan"),
        "failed": {status for status, _ in answers if not 200 <= status < 300},
    }


def main():
    where = django_with_fresh_database("intake")
    (BENCH / "wsgi_bench.py").write_text(
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    )
    env = prepare()
    from django.db import connection

    from wangge.cases.models import Case, CaseEvent
    from wangge.notifications.models import Notification

    connection.close()
    port = free_port()
    server = start_server(port)
    try:
        load(port, "/api/v1/cases", *env)  # warm-up: imports, locate index, calendar
        before = Case.objects.count()
        intake = load(port, "/api/v1/cases", *env)
        written = Case.objects.count() - before
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM bench_row")
            bare_before = cursor.fetchone()[0]
        bare = load(port, "/bench/bare", *env)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM bench_row")
            bare_written = cursor.fetchone()[0] - bare_before
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        (BENCH / "wsgi_bench.py").unlink(missing_ok=True)

    print(
        f"database: {connection.vendor} ({where}); 2 gunicorn workers, 16 clients, {SECONDS} s each"
    )
    print(
        f"{'endpoint':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'2xx':>8} {'rows':>8}"
    )
    print(
        f"{'POST /cases':<16} {intake['rate']:8.1f} {intake['p50']:8.1f} {intake['p99']:8.1f} {intake['ok']:8d} {written:8d}"
    )
    print(
        f"{'bare insert':<16} {bare['rate']:8.1f} {bare['p50']:8.1f} {bare['p99']:8.1f} {bare['ok']:8d} {bare_written:8d}"
    )
    print(f"intake / bare throughput: {intake['rate'] / bare['rate']:.2f}")
    print(
        f"events per case: {CaseEvent.objects.count() / max(Case.objects.count(), 1):.2f}; "
        f"inbox rows: {Notification.objects.count()}"
    )
    print(
        f"rows written = 2xx answers: {'yes' if written == intake['ok'] else 'NO'}; other answers: {sorted(intake['failed']) or 'none'}"
    )
    print("targets: intake ≥ 0.35 × the bare insert, p99 ≤ 100 ms")


if __name__ == "__main__":
    main()
