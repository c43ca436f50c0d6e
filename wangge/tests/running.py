"""The project as it runs in production, started for the fault tests: databases, gunicorn,
the task worker, a throwaway PostgreSQL server, and clients reporting cases over HTTP.

Everything runs in processes of its own against a database of its own, never the test
database of pytest-django; the test's process only drives and counts.
"""

import glob
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"
SETTINGS = "wangge.tests.settings_faults"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env.update(DJANGO_SETTINGS_MODULE=SETTINGS, DATABASE_URL=url, LOG_LEVEL="WARNING")
    env.update(extra)
    return env


def manage(url: str, *args: str, **extra: str) -> str:
    done = subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=environment(url, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr[-3000:]}")
    return done.stdout


def stage(url: str, *args: str, **extra: str):
    """`wangge.tests.stage` in a process of its own; its JSON answer."""
    done = subprocess.run(
        [sys.executable, "-m", "wangge.tests.stage", *args],
        env=environment(url, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"stage {' '.join(args)}: {done.stderr[-3000:]}")
    return json.loads(done.stdout)


# Databases ----------------------------------------------------------------------------


def postgres_server_url() -> str | None:
    """The PostgreSQL server the suite runs on (DATABASE_URL), or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if dj_database_url.parse(url or "sqlite://")["ENGINE"].endswith("postgresql"):
        return url
    return None


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


class Databases:
    """Migrated once, then copied for each test: a SQLite file or a PostgreSQL database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.server = postgres_server_url()
        self.label = f"faults_{os.getpid()}"
        self.made: list[str] = []
        if self.server:
            self._create(f"{self.label}_template")
            self.template = _with_database(self.server, f"{self.label}_template")
        else:
            self.template = f"sqlite:///{folder / 'template.sqlite3'}"
        manage(self.template, "migrate", "--noinput", "-v0")

    @property
    def vendor(self) -> str:
        return "postgresql" if self.server else "sqlite"

    def fresh(self, name: str) -> str:
        if self.server:
            self._create(f"{self.label}_{name}", template=f"{self.label}_template")
            return _with_database(self.server, f"{self.label}_{name}")
        path = self.folder / f"{name}.sqlite3"
        shutil.copyfile(self.folder / "template.sqlite3", path)
        return f"sqlite:///{path}"

    def _create(self, name: str, template: str = "") -> None:
        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(
                f"CREATE DATABASE {name}"
                + (f" TEMPLATE {template}" if template else "")
            )
        self.made.append(name)

    def drop_all(self) -> None:
        if not self.server:
            return
        with psycopg.connect(self.server, autocommit=True) as conn:
            for name in reversed(self.made):
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own (initdb in a temporary folder, its own port), to
    stop and start under load; the machine's own server is never touched."""

    def __init__(self) -> None:
        initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        found = initdbs[-1] if initdbs else shutil.which("initdb")
        if not found:
            raise LookupError("no PostgreSQL server binaries (initdb) on this machine")
        self.bin = Path(found).parent
        self.as_user: list[str] = []
        self.folder = Path(tempfile.mkdtemp(prefix="wangge-faults-pg-"))
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: the cluster belongs to `postgres`.
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                shutil.rmtree(self.folder)
                raise LookupError(
                    "running as root and there is no postgres user"
                ) from None
            if not shutil.which("runuser"):
                shutil.rmtree(self.folder)
                raise LookupError("running as root and there is no runuser")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/wangge"
        try:
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync",
            )  # fmt: skip
            self.start()
            with psycopg.connect(
                f"postgres://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
            ) as conn:
                conn.execute("CREATE DATABASE wangge")
        except BaseException:
            self.remove()
            raise

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(self.bin / program), *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.folder,
        )
        if done.returncode:
            raise RuntimeError(f"{program}: {done.stdout}{done.stderr}")

    def start(self) -> None:
        # fsync off: a commit still reaches the kernel before it is acknowledged
        # (synchronous_commit stays on), which is what outlives a server's crash or
        # restart; only a lost machine would need the disk flush, and it slows migrate.
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "start", "-w", "-D", str(self.data),
            "-l", str(self.folder / "server.log"), "-o", options,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-D", str(self.data), "-m", mode)

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)


# Processes ----------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Living child processes of `pid` (zombies not yet reaped left out)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry))
    return sorted(found)


def wait_for(condition, seconds: float, step: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


class Gunicorn:
    """`gunicorn wangge.wsgi` with two sync workers on a free port, as `make run` starts it."""

    def __init__(self, url: str, log: Path, workers: int = 2, **extra: str) -> None:
        self.port = free_port()
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "wangge.wsgi:application",
                "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                "--log-level", "warning", "--graceful-timeout", "5",
            ],
            env=environment(url, **extra),
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.workers = workers
        if not wait_for(self._healthy, 60, 0.2):
            self.stop()
            raise RuntimeError(f"gunicorn did not start: see {log}")

    def _healthy(self) -> bool:
        try:
            return request(self.port, "GET", "/healthz")[0] == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class TaskWorker:
    """`manage.py qcluster`, in a process group of its own so that it can be killed whole."""

    def __init__(self, url: str, log: Path, **extra: str) -> None:
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(MANAGE), "qcluster"],
            env=environment(url, **extra),
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL to every process of the cluster (master, sentinel, pusher, workers,
        monitor) at once, as the kernel's OOM killer or a lost machine would end it."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        if not self.log.closed:
            self.log.close()


# Clients ------------------------------------------------------------------------------


def request(port: int, method: str, path: str, body=None, headers=None, timeout=30):
    """One request on a new connection: (status, headers, parsed JSON or None)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            method,
            path,
            json.dumps(body) if body is not None else None,
            {
                "Content-Type": "application/json",
                "Accept-Language": "en",
                **(headers or {}),
            },
        )
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return response.status, dict(response.getheaders()), parsed


def token(port: int, username: str, password: str) -> str:
    status, _, body = request(
        port, "POST", "/api/v1/auth/token", {"username": username, "password": password}
    )
    if status != 200:
        raise RuntimeError(f"no token for {username}: {status} {body}")
    return body["token"]


@dataclass
class Answer:
    status: int  # 0: the connection broke before an answer
    at: float  # when it came (time.monotonic)
    sent_at: float = 0.0
    number: str = ""
    retry_after: str = ""


@dataclass
class IntakeLoad:
    """Clients, one thread and one person each, reporting cases with an Idempotency-Key
    until stopped; every answer kept by key."""

    port: int
    tokens: list[str]
    category: str
    lon: float
    lat: float
    pause_after_failure: float = 0.2
    attempts: int = 10
    answers: dict[str, list[Answer]] = field(default_factory=dict)
    owner: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._client, args=(i,), daemon=True)
            for i in range(len(self.tokens))
        ]

    def body(self, key: str) -> dict:
        return {
            "category": self.category,
            "description": f"fault drill {key}",
            "lon": self.lon,
            "lat": self.lat,
            "channel": "patrol",
        }

    def send(self, client: int, key: str) -> Answer:
        with self._lock:
            self.owner[key] = client
        headers = {
            "Authorization": f"Bearer {self.tokens[client]}",
            "Idempotency-Key": key,
        }
        sent_at = time.monotonic()
        try:
            status, got, body = request(
                self.port, "POST", "/api/v1/cases", self.body(key), headers, timeout=20
            )
        except (OSError, http.client.HTTPException):
            status, got, body = 0, {}, None
        answer = Answer(
            status=status,
            at=time.monotonic(),
            sent_at=sent_at,
            number=(body or {}).get("number", "") if 200 <= status < 300 else "",
            retry_after=got.get("Retry-After", ""),
        )
        with self._lock:
            self.answers.setdefault(key, []).append(answer)
        return answer

    def _client(self, client: int) -> None:
        """Report after report; one that got no 2xx is sent again with the same key after
        Retry-After (or a short pause when the connection broke), as the phone app does."""
        sent = 0
        while not self._stop.is_set():
            key = f"c{client}-{sent}"
            sent += 1
            for _ in range(self.attempts):
                answer = self.send(client, key)
                if 200 <= answer.status < 300:
                    break
                pause = float(answer.retry_after or self.pause_after_failure)
                if self._stop.wait(pause):
                    return

    def start(self) -> "IntakeLoad":
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def acknowledged(self) -> int:
        with self._lock:
            return sum(
                1
                for a in self.answers.values()
                if any(200 <= x.status < 300 for x in a)
            )

    def all_answers(self) -> list[Answer]:
        with self._lock:
            return [a for answers in self.answers.values() for a in answers]

    def retried(self) -> int:
        """Keys sent more than once."""
        with self._lock:
            return sum(1 for a in self.answers.values() if len(a) > 1)

    def unacknowledged(self) -> list[str]:
        return [
            key
            for key, answers in self.answers.items()
            if not any(200 <= a.status < 300 for a in answers)
        ]

    def resend_unacknowledged(self, attempts: int = 5) -> int:
        """Send each key that got no 2xx again, the same body with the same key."""
        keys = self.unacknowledged()
        for key in keys:
            for _ in range(attempts):
                if 200 <= self.send(self.owner[key], key).status < 300:
                    break
                time.sleep(1)
        return len(keys)


def intake_problems(load: IntakeLoad, report: dict) -> list[str]:
    """What the database says against what the clients were told: every key acknowledged
    is one case with one report event, the number the client got, and no case twice."""
    problems = []
    by_description: dict[str, list[dict]] = {}
    for case in report["cases"]:
        by_description.setdefault(case["description"], []).append(case)
    for key, answers in load.answers.items():
        numbers = {a.number for a in answers if 200 <= a.status < 300}
        cases = by_description.get(load.body(key)["description"], [])
        if len(numbers) != 1:
            problems.append(f"{key}: acknowledged numbers {sorted(numbers)}")
        if len(cases) != 1:
            problems.append(f"{key}: {len(cases)} cases in the database")
            continue
        if numbers and cases[0]["number"] not in numbers:
            problems.append(f"{key}: told {numbers}, stored {cases[0]['number']}")
        reports = [e for e in cases[0]["events"] if e == ["report", "reported"]]
        if len(reports) != 1:
            problems.append(f"{key}: events {cases[0]['events']}")
    if len(report["cases"]) != len(load.answers):
        problems.append(
            f"{len(report['cases'])} cases for {len(load.answers)} keys sent"
        )
    return problems


def status_counts(answers: list[Answer]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for answer in answers:
        name = str(answer.status) if answer.status else "no answer"
        counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))
