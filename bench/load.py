"""Mixed traffic on gunicorn against the demo city, driven by locust, headless.

Seeds the demo (`seed_demo`) into a fresh database (BENCH_POSTGRES_URL for PostgreSQL, as
the other benchmarks; or --database-url with --accounts for one already seeded), serves it
with gunicorn (`wangge.wsgi`, 2 workers, as `make run`), and runs bench/load/locustfile.py:
residents and a grid worker report cases, the community desk lists, reads, registers and
dispatches them, the grid chief accepts, leaders read the dashboard. Prints requests/s and
p50/p95/p99 per kind with the errors, then checks the rows written against the answers:
cases created == 2xx intake answers, events of each action == its 2xx answers.
`--profile` then profiles the read with the slowest p95, in this process, with pyinstrument.
Needs the `bench` extra (locust): pip install -e '.[bench]'.
Run: .venv/bin/python bench/load.py [--seconds 120] [--users 16] [--profile]
"""

import argparse
import csv
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, django_with_fresh_database

BENCH = Path(__file__).resolve().parent
LOCUSTFILE = BENCH / "load" / "locustfile.py"
CATEGORY = "E0605"  # 其他问题: the community handles it, no extra questions
# Where the traffic goes: the demo accounts of these roles (seed_demo --accounts-out).
ROLES = {
    "reporter": [("resident", "resident"), ("grid_worker", "patrol")],
    "desk": [("desk_community", None)],
    "handler": [("grid_chief", None)],
    "leader": [
        ("leader_city", None),
        ("leader_district", None),
        ("leader_township", None),
        ("desk_district", None),
    ],
}
# Action kinds and the event each success writes.
ACTIONS = {
    "action register": "register",
    "action dispatch": "dispatch",
    "action accept": "accept",
}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--database-url", help="an already seeded database")
    parser.add_argument("--accounts", type=Path, help="its seed_demo --accounts-out")
    parser.add_argument("--profile", action="store_true")
    return parser.parse_args()


def database(args, folder: Path) -> tuple[str, Path]:
    if args.database_url:
        if not args.accounts:
            raise SystemExit(
                "--database-url needs --accounts (seed_demo --accounts-out)"
            )
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangge.settings")
        os.environ.setdefault("SECRET_KEY", "bench")
        os.environ["DATABASE_URL"] = args.database_url
        import django

        django.setup()
        return args.database_url, args.accounts
    where = django_with_fresh_database("load")
    from django.core.management import call_command

    accounts = folder / "accounts.json"
    started = time.perf_counter()
    call_command("seed_demo", accounts_out=accounts, verbosity=0)
    print(f"seed_demo: {time.perf_counter() - started:.0f} s")
    return where, accounts


def plan(accounts_file: Path, folder: Path) -> Path:
    from wangge.regions.models import Region

    accounts = {a["username"]: a for a in json.loads(accounts_file.read_text())}
    community = accounts["desk_community"]["region_code"]
    cells = Region.objects.filter(code__startswith=community, level="cell")
    chief = Region.objects.get(code=accounts["grid_chief"]["region_code"])
    out = {
        "accounts": {
            role: [{**accounts[name], "channel": channel} for name, channel in names]
            for role, names in ROLES.items()
        },
        # Half the reports in the grid chief's cell: the cases it accepts.
        "points": [[c.centroid_lon, c.centroid_lat] for c in cells]
        + [[chief.centroid_lon, chief.centroid_lat]] * len(cells),
        "categories": [CATEGORY],
    }
    path = folder / "plan.json"
    path.write_text(json.dumps(out, ensure_ascii=False))
    return path


def counts() -> dict[str, int]:
    from django.db.models import Count

    from wangge.cases.models import Case, CaseEvent

    events = dict(
        CaseEvent.objects.values_list("action").annotate(n=Count("id")).order_by()
    )
    return {
        "cases": Case.objects.count(),
        **{f"event {k}": v for k, v in events.items()},
    }


def serve(url: str, workers: int) -> tuple[subprocess.Popen, int]:
    from wangge.tests.running import free_port, request, wait_for

    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="wangge.settings",
        # The traffic of a whole district comes from a handful of demo accounts.
        WANGGE_INTAKE_PER_HOUR="1000000",
        WANGGE_SIGN_IN_PER_HOUR="1000000",
        LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "wangge.wsgi:application",
            "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
        ],
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    if not wait_for(lambda: _up(request, port), 60, 0.2):
        server.kill()
        raise SystemExit("gunicorn did not start")
    return server, port


def _up(request, port) -> bool:
    try:
        return request(port, "GET", "/healthz")[0] == 200
    except OSError:
        return False


def swarm(
    port: int, plan_file: Path, args, folder: Path
) -> tuple[list[dict], list[dict]]:
    """Locust, headless; its final figures per kind (JSON) and its errors (CSV)."""
    prefix = folder / "load"
    subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "--users", str(args.users), "--spawn-rate", str(max(1, args.users // 4)),
            "--run-time", f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}",
            "--csv", str(prefix), "--json-file", str(prefix), "--only-summary",
            "--loglevel", "WARNING", "--stop-timeout", "30",
        ],
        env=dict(os.environ, WANGGE_LOAD_PLAN=str(plan_file)),
        cwd=BENCH,
        check=False,
    )  # fmt: skip
    stats = json.loads(Path(f"{prefix}.json").read_text())
    with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
        failures = list(csv.DictReader(f))
    return stats, failures


def percentile(times: dict, share: float) -> int:
    """The response time (ms, locust's rounding) below which `share` of the answers fell."""
    total = sum(times.values())
    seen = 0
    for ms, n in sorted((float(k), v) for k, v in times.items()):
        seen += n
        if seen >= share * total:
            return round(ms)
    return 0


def report(stats, failures, before, after, args, where) -> str:
    """The figures, and the rows written against the answers; returns the slowest kind."""
    print(
        f"\ndatabase: {where.split('@')[-1]}; gunicorn {args.workers} workers; "
        f"{args.users} locust users for {args.seconds} s"
    )
    print(
        f"{'kind':<26}{'requests':>9}{'errors':>8}{'req/s':>8}"
        f"{'p50':>7}{'p95':>7}{'p99':>7}  ms"
    )
    ok, p95 = {}, {}
    total = errors_total = 0
    every: dict = {}
    for entry in sorted(stats, key=lambda e: e["name"]):
        name, times = entry["name"], entry["response_times"]
        requests, errors = entry["num_requests"], entry["num_failures"]
        ok[name] = requests - errors
        p95[name] = percentile(times, 0.95)
        total += requests
        errors_total += errors
        for k, v in times.items():
            every[k] = every.get(k, 0) + v
        print(
            f"{name:<26}{requests:>9}{errors:>8}{requests / args.seconds:>8.1f}"
            f"{percentile(times, 0.5):>7}{p95[name]:>7}{percentile(times, 0.99):>7}"
        )
    print(
        f"{'all':<26}{total:>9}{errors_total:>8}{total / args.seconds:>8.1f}"
        f"{percentile(every, 0.5):>7}{percentile(every, 0.95):>7}"
        f"{percentile(every, 0.99):>7}"
    )
    for row in failures:
        print(f"  error: {row['Name']}: {row['Error']} × {row['Occurrences']}")
    written = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    intake = ok.get("intake", 0)
    checks = [
        ("cases created", written["cases"], intake, "2xx intake answers"),
        ("report events", written.get("event report", 0), intake, "2xx intake answers"),
    ]
    for kind, event in ACTIONS.items():
        checks.append(
            (
                f"{event} events",
                written.get(f"event {event}", 0),
                ok.get(kind, 0),
                f"2xx {kind}",
            )
        )
    counted = {f"event {e}" for e in ("report", *ACTIONS.values())}
    other = {
        k: v
        for k, v in written.items()
        if v and k.startswith("event ") and k not in counted
    }
    for label, rows, answers, what in checks:
        mark = "ok" if rows == answers else "MISMATCH"
        print(f"{label}: {rows} rows, {answers} {what}: {mark}")
    if other:
        print(f"other events written: {other}")
    reads = [
        n for n in p95 if n in ("list", "detail", "dashboard") and ok.get(n, 0) >= 10
    ]
    return max(reads, key=p95.get) if reads else ""


def profile(kind: str, accounts_file: Path) -> None:
    """The slowest read, twenty times in this process under pyinstrument."""
    from django.test import Client
    from pyinstrument import Profiler

    from wangge.api.services import api_token_issue
    from wangge.people.models import User

    accounts = {a["username"]: a for a in json.loads(accounts_file.read_text())}
    who = {"dashboard": "leader_city", "intake": "resident"}.get(kind, "desk_community")
    user = User.objects.get(username=who)
    secret = api_token_issue(user=user)[0]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    code = accounts[who]["region_code"]
    paths = {
        "dashboard": f"/api/v1/dashboard/{code}",
        "list": "/api/v1/cases?limit=20",
    }
    path = paths.get(kind)
    if path is None:
        number = client.get("/api/v1/cases?limit=1").json()["items"][0]["number"]
        path = f"/api/v1/cases/{number}"
    client.get(path)  # warm: imports, caches
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(20):
            assert client.get(path).status_code == 200
    print(
        f"\nprofile of {kind} ({path}): {(time.perf_counter() - started) * 50:.1f} ms per request"
    )
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main():
    args = arguments()
    if importlib.util.find_spec("locust") is None:
        print(
            "bench/load.py: skipped, locust is not installed (pip install -e '.[bench]')"
        )
        return
    folder = Path(tempfile.mkdtemp(prefix="wangge-bench-load-"))
    where, accounts = database(args, folder)
    plan_file = plan(accounts, folder)
    from django.db import connection

    before = counts()
    connection.close()
    server, port = serve(os.environ["DATABASE_URL"], args.workers)
    try:
        stats, failures = swarm(port, plan_file, args, folder)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    after = counts()
    slowest = report(stats, failures, before, after, args, where)
    if args.profile and slowest:
        profile(slowest, accounts)


if __name__ == "__main__":
    main()
