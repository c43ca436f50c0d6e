"""Faults under load: a web worker killed, the task worker killed, PostgreSQL restarted.

Each test starts the project as production runs it (gunicorn `wangge.wsgi` with two
workers, `manage.py qcluster`) against a database of its own, reports cases over HTTP
from several clients with an Idempotency-Key, breaks something mid-load, and then holds
the database against what the clients were told: every 2xx is there with its event,
nothing twice, and each report that got no 2xx, sent again with its key, is one case.
The figures of each run are printed (`pytest -s` or `-rP` shows them) and kept as test
properties (`--junitxml`).
"""

import os
import signal
import time
from collections import Counter

import pytest

from wangge.tests.running import (
    Databases,
    Gunicorn,
    IntakeLoad,
    TaskWorker,
    ThrowawayPostgres,
    intake_problems,
    manage,
    postgres_server_url,
    request,
    stage,
    status_counts,
    token,
    wait_for,
)

pytestmark = pytest.mark.slow
CLIENTS = 4


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    made = Databases(tmp_path_factory.mktemp("faults"))
    yield made
    made.drop_all()


@pytest.fixture
def figures(record_property, request):
    """Figures of the run: printed and kept as properties of the test."""
    kept: dict = {}
    yield kept
    for name, value in kept.items():
        record_property(name, value)
    print(f"\n{request.node.name}: " + ", ".join(f"{k}={v}" for k, v in kept.items()))


def _intake(port: int, people: dict, clients: int) -> IntakeLoad:
    tokens = [token(port, name, people["password"]) for name in people["clients"]]
    return IntakeLoad(
        port, tokens[:clients], people["category"], people["lon"], people["lat"]
    )


def test_a_web_worker_killed_under_load_loses_no_acknowledged_report_and_is_replaced(
    databases, tmp_path, figures
):
    url = databases.fresh("web_worker")
    people = stage(url, "prepare", str(CLIENTS))
    server = Gunicorn(url, tmp_path / "gunicorn.log")
    load = None
    try:
        load = _intake(server.port, people, CLIENTS).start()
        assert wait_for(lambda: load.acknowledged() >= 12, 120)
        workers = server.worker_pids()
        assert len(workers) == 2
        victim = workers[0]
        acknowledged_before = load.acknowledged()
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        replaced = wait_for(
            lambda: (
                (pids := server.worker_pids()) and len(pids) == 2 and victim not in pids
            ),
            30,
            0.02,
        )
        respawned_in = time.monotonic() - killed_at
        assert replaced, f"the master did not replace worker {victim}"
        assert wait_for(lambda: load.acknowledged() >= acknowledged_before + 12, 120)
        load.stop()
        resent = load.resend_unacknowledged()
        report = stage(url, "report")
    finally:
        if load is not None:
            load.stop()
        server.stop()

    assert intake_problems(load, report) == []
    answers = load.all_answers()
    figures.update(
        database=databases.vendor,
        reports=len(load.answers),
        requests=len(answers),
        answers=status_counts(answers),
        cut_off_by_the_kill=sum(1 for a in answers if a.status == 0),
        sent_again_with_their_key=load.retried() + resent,
        cases=len(report["cases"]),
        worker_respawned_in_s=round(respawned_in, 2),
    )
    assert all(a.status in (0, 201) for a in answers), status_counts(answers)


def test_a_task_worker_killed_with_deliveries_pending_delivers_each_message_once_after_restart(
    databases, tmp_path, figures
):
    url = databases.fresh("task_worker")
    count = 12
    stage(url, "messages", str(count))
    sent_log = tmp_path / "sms.log"
    channel = {
        "WANGGE_FAULTS_SMS_LOG": str(sent_log),
        "WANGGE_FAULTS_SMS_SECONDS": "0.8",
        "Q_WORKERS": "1",
    }

    def lines() -> list[tuple[str, str]]:
        if not sent_log.exists():
            return []
        return [tuple(line.split()) for line in sent_log.read_text().splitlines()]

    def tally() -> Counter:
        return Counter(kind for kind, _ in lines())

    worker = TaskWorker(url, tmp_path / "qcluster.log", **channel)
    try:
        # Killed while a message is in the hands of the channel, three already sent.
        assert wait_for(
            lambda: (t := tally())["sent"] >= 3 and t["start"] > t["sent"],
            60,
            0.01,
        )
        worker.kill()
        at_kill = tally()
        time.sleep(1)
        assert tally() == at_kill, "a killed worker went on sending"
        restarted_at = time.monotonic()
        worker = TaskWorker(url, tmp_path / "qcluster-again.log", **channel)
        assert wait_for(
            lambda: len({body for kind, body in lines() if kind == "sent"}) == count,
            60,
        )
        all_sent_in = time.monotonic() - restarted_at
        report = wait_for(
            lambda: (r := stage(url, "report"))["queued_tasks"] == 0 and r, 30, 1
        ) or stage(url, "report")
    finally:
        worker.stop()

    sent = Counter(body for kind, body in lines() if kind == "sent")
    started = Counter(body for kind, body in lines() if kind == "start")
    assert set(sent) == {f"message-{i}" for i in range(count)}
    assert max(sent.values()) == 1, [b for b, n in sent.items() if n > 1]
    assert {m["status"] for m in report["messages"]} == {"sent"}
    assert report["queued_tasks"] == 0
    cut_off = [body for body, n in started.items() if n > 1]
    assert len(cut_off) == 1, started
    [interrupted] = [m for m in report["messages"] if m["body"] in cut_off]
    assert interrupted["attempts"] == 2
    figures.update(
        database=databases.vendor,
        messages=count,
        sent_before_the_kill=at_kill["sent"],
        cut_off_mid_send=len(cut_off),
        all_sent_after_restart_in_s=round(all_sent_in, 1),
        sends=sum(sent.values()),
    )


def test_a_postgresql_restart_under_load_answers_503_then_recovers_without_losing_a_report(
    tmp_path, figures
):
    if postgres_server_url() is None:
        pytest.skip(
            "PostgreSQL only: runs when the suite does (DATABASE_URL=postgres://…), "
            "on a throwaway cluster of its own"
        )
    try:
        postgres = ThrowawayPostgres()
    except LookupError as reason:
        pytest.skip(f"no throwaway PostgreSQL cluster: {reason}")
    server = load = None
    try:
        manage(postgres.url, "migrate", "--noinput", "-v0")
        people = stage(postgres.url, "prepare", str(CLIENTS))
        server = Gunicorn(postgres.url, tmp_path / "gunicorn.log")
        load = _intake(server.port, people, CLIENTS).start()
        assert wait_for(lambda: load.acknowledged() >= 12, 120)
        postgres.stop("immediate")
        down_at = time.monotonic()
        time.sleep(1)
        health = request(server.port, "GET", "/healthz")
        # A report of its own while the database is down (the clients may all be
        # waiting out their Retry-After).
        probe = load.send(0, "while-down")
        time.sleep(1)
        postgres.start()
        up_at = time.monotonic()
        assert wait_for(lambda: request(server.port, "GET", "/healthz")[0] == 200, 30)
        healthy_in = time.monotonic() - up_at
        acknowledged = load.acknowledged()
        assert wait_for(lambda: load.acknowledged() >= acknowledged + 12, 120)
        load.stop()
        resent = load.resend_unacknowledged()
        report = stage(postgres.url, "report")
    finally:
        if load is not None:
            load.stop()
        if server is not None:
            server.stop()
        postgres.remove()

    assert intake_problems(load, report) == []
    assert health[0] == 503 and health[1]["Retry-After"] == "5"
    answers = load.all_answers()
    assert (probe.status, probe.retry_after) == (503, "5")
    refused = [a for a in answers if down_at < a.at < up_at and a.status != 201]
    assert refused and all(a.status == 503 and a.retry_after == "5" for a in refused), (
        status_counts(refused)
    )
    after = [a for a in answers if a.sent_at > up_at + healthy_in]
    figures.update(
        reports=len(load.answers),
        requests=len(answers),
        answers=status_counts(answers),
        answered_503_while_down=len(refused),
        database_down_s=round(up_at - down_at, 1),
        healthy_again_after_start_in_s=round(healthy_in, 2),
        failed_after_recovery=sum(1 for a in after if not 200 <= a.status < 300),
        sent_again_with_their_key=load.retried() + resent,
        cases=len(report["cases"]),
    )
    assert not [a for a in after if not 200 <= a.status < 300]
