"""The logs of a whole scenario hold no personal data and no secret.

Every log record is captured (the root logger and every logger the settings leave unset at DEBUG,
django's request log, and the access log gunicorn writes under `make run`, rendered with the
project's own format from `wangge.gunicorn_conf`), while residents, staff and machine
clients go through a case's whole life over HTTP. No reporter's phone, ID number, SMS
code, tracking code, password, token or API key may appear in any record's message,
arguments or exception text.

The SQL log (`django.db.backends`) is captured too, as the settings leave it: Django
writes it only with DEBUG on, which the production settings refuse, so it stays silent.
With DEBUG on (a developer's machine) it prints every statement with its parameters.
"""

from __future__ import annotations

import datetime
import logging
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from gunicorn.config import Config
from gunicorn.glogging import Logger as GunicornLogger

from wangge import gunicorn_conf
from wangge.access.api_keys import api_key_create
from wangge.cases.tests.conftest import CELL, TERRITORIAL, png_bytes
from wangge.notifications.channels import LoggingSmsBackend
from wangge.notifications.tests.queue import drain_queue
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

# The queue is drained as the cluster would (its worker closes old connections), so
# the scenario runs in committed transactions, not inside one test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

RESIDENT_PHONE = "13812345678"
HOTLINE_PHONE = "13987654321"
ID_NUMBER = "41010219900101123X"
PASSWORD = "Desk-Password-2026"
WRONG_PASSWORD = "Wrong-Password-2026"


class RecordingLoggingSms(LoggingSmsBackend):
    """The default provider (it logs), also keeping each body for the scenario to read."""

    sent: list[str] = []

    def send(self, address, body, *, subject=""):
        RecordingLoggingSms.sent.append(body)
        super().send(address, body, subject=subject)


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def texts(self):
        """Each record's message, arguments and exception text."""
        formatter = logging.Formatter()
        for record in self.records:
            # gunicorn passes every atom of a request (its headers included) as the
            # argument of each access record; what reaches the log is the format's line.
            raw = record.name != "gunicorn.access"
            parts = [str(record.msg), repr(record.args) if raw else ""]
            try:
                parts.append(record.getMessage())
            except (TypeError, ValueError):
                pass
            if record.exc_info:
                parts.append(formatter.formatException(record.exc_info))
            parts.extend(str(t) for t in (record.exc_text, record.stack_info) if t)
            yield record, "\n".join(parts)


@pytest.fixture
def captured(monkeypatch, settings):
    """Every record of every logger, and an access-log line for each request."""
    handler = Captured()
    root = logging.getLogger()
    saved = {}
    # What the settings set for a logger stays: it is what production runs with, also
    # with LOG_LEVEL=DEBUG. Every other logger, root first, records everything.
    configured = set(settings.LOGGING.get("loggers", {}))
    names = ["", "django", "django.request", "django.db.backends"]
    names += list(logging.root.manager.loggerDict)
    for name in names:
        logger = logging.getLogger(name)
        if isinstance(logger, logging.Logger) and name not in configured:
            saved[name] = logger.level
            logger.setLevel(logging.DEBUG)
    root.addHandler(handler)
    access = _access_logger(handler)
    original = Client.request

    def request(self, **environ):
        started = datetime.datetime.now()
        response = original(self, **environ)
        _log_access(access, response, datetime.datetime.now() - started)
        return response

    monkeypatch.setattr(Client, "request", request)
    settings.WANGGE_SMS_BACKEND = (
        "wangge.tests.test_log_personal_data.RecordingLoggingSms"
    )
    RecordingLoggingSms.sent = []
    yield handler
    root.removeHandler(handler)
    logging.getLogger("gunicorn.access").removeHandler(handler)
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


def _access_logger(handler) -> GunicornLogger:
    config = Config()
    config.set("accesslog", gunicorn_conf.accesslog)
    config.set("access_log_format", gunicorn_conf.access_log_format)
    logger = GunicornLogger(config)
    # Written where the test reads, not to the console.
    logger.access_log.handlers = [handler]
    return logger


def _log_access(logger: GunicornLogger, response, took) -> None:
    meta = dict(response.wsgi_request.META)
    query = meta.get("QUERY_STRING", "")
    meta["RAW_URI"] = meta["PATH_INFO"] + (f"?{query}" if query else "")
    headers = [
        (key[5:].replace("_", "-"), value)
        for key, value in meta.items()
        if key.startswith("HTTP_")
    ]
    content = b"" if response.streaming else response.content
    resp = SimpleNamespace(
        status=f"{response.status_code} X",
        headers=list(response.items()),
        sent=len(content),
    )
    logger.access(resp, SimpleNamespace(headers=headers), meta, took)


def _api(user=None, secret=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def call(method, path, body=None, **kwargs):
        if method == "post" and "data" not in kwargs:
            kwargs.update(data=body or {}, content_type="application/json")
        return getattr(client, method)(f"/api/v1{path}", headers=headers, **kwargs)

    return call


def _token(username: str, password: str) -> str:
    response = Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _verify_with_photo(api, number):
    photo = SimpleUploadedFile("site.png", png_bytes(), content_type="image/png")
    response = api(
        "post", f"/cases/{number}/photos", data={"stage": "verification", "file": photo}
    )
    assert response.status_code == 201, response.content
    response = api("post", f"/cases/{number}/actions/verify_pass", {})
    assert response.status_code == 200, response.content


def test_a_whole_scenario_leaves_no_personal_data_or_secret_in_any_log(
    captured, tree, people, settings
):
    secrets = {RESIDENT_PHONE, HOTLINE_PHONE, ID_NUMBER, PASSWORD, WRONG_PASSWORD}
    for user in (people.community_desk, people.secretary, people.worker):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    office = staff("office", Role.CITY_OFFICE, tree["410100"])
    office.set_password(PASSWORD)
    office.save(update_fields=["password"])

    # A resident asks for a code and reports with name and phone through the portal.
    resident = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert (
        resident.post("/report/phone-code/", {"phone": RESIDENT_PHONE}).status_code
        == 200
    )
    code = re.search(r"\d{6}", RecordingLoggingSms.sent[-1]).group()
    secrets.add(code)
    cell = tree[CELL]
    done = resident.post(
        "/report/",
        {
            "category": TERRITORIAL,
            "description": "楼道里堆满杂物",
            "lon": cell.centroid_lon,
            "lat": cell.centroid_lat,
            "name": "王女士",
            "phone": RESIDENT_PHONE,
            "code": code,
            "idempotency_key": "scan-1",
        },
    )
    assert done.status_code == 200, done.content.decode()[:500]
    filed = done.context["filed"]
    secrets.add(filed.tracking_code)
    resident.get(
        "/api/v1/public/track",
        {"number": filed.case.number, "code": filed.tracking_code},
    )

    # Staff sign in (one mistyped password, one unknown account named by a phone).
    web = Client()
    for username, password in (
        ("community_desk", WRONG_PASSWORD),
        (RESIDENT_PHONE, WRONG_PASSWORD),
        ("community_desk", PASSWORD),
    ):
        web.post("/accounts/login/", {"username": username, "password": password})
    tokens = {
        name: _token(name, PASSWORD)
        for name in ("community_desk", "secretary", "worker")
    }
    secrets.update(tokens.values())
    desk, secretary, worker = (_api(secret=tokens[n]) for n in tokens)

    # The desk takes a hotline call with the caller's phone and ID number.
    intake = desk(
        "post",
        "/cases",
        {
            "category": TERRITORIAL,
            "description": f"来电人身份证号{ID_NUMBER}，反映路灯不亮",
            "lon": cell.centroid_lon,
            "lat": cell.centroid_lat,
            "channel": "hotline",
            "reporter": {"name": "李先生", "phone": HOTLINE_PHONE},
        },
    )
    assert intake.status_code == 201, intake.content
    numbers = [filed.case.number, intake.json()["number"]]

    # Each case is registered, dispatched, handled, verified and closed.
    for number in numbers:
        for action in ("register", "dispatch"):
            assert (
                desk("post", f"/cases/{number}/actions/{action}", {}).status_code == 200
            )
        for action in ("accept", "handle"):
            answer = secretary("post", f"/cases/{number}/actions/{action}", {})
            assert answer.status_code == 200, answer.content
        _verify_with_photo(worker, number)
        desk("get", f"/cases/{number}")
    drain_queue()

    # The resident rates through the portal, the desk records the caller's rating.
    rated = resident.post(
        "/track/rate/",
        {
            "number": filed.case.number,
            "code": filed.tracking_code,
            "satisfaction": "satisfied",
        },
    )
    assert rated.status_code in {200, 302}, rated.status_code
    desk("post", f"/cases/{numbers[1]}/rating", {"satisfaction": "satisfied"})

    # The desk searches by phone, reads the case and exports; the city office exports
    # the audit trail; a machine client reads with its API key.
    web.get("/cases/", {"q": HOTLINE_PHONE})
    web.get(f"/cases/{numbers[1]}/")
    assert web.get("/cases/export.xlsx").status_code == 200
    desk("get", "/cases/export.xlsx")
    office_web = Client()
    office_web.post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert (
        office_web.get("/audit/export.xlsx", {"text": RESIDENT_PHONE}).status_code
        == 200
    )
    secret, _key = api_key_create(name="scan-client")
    secrets.add(secret)
    assert _api(secret=secret)("get", "/cases").status_code == 200
    _api(secret=secret)("get", "/cases/20990101000001")  # a 404 is logged too
    desk("post", "/auth/logout", {})

    # Then the scenario was logged, and no record holds any of the secrets.
    texts = list(captured.texts())
    loggers = {record.name for record, _text in texts}
    assert "gunicorn.access" in loggers and "django.request" in loggers
    assert "wangge.notifications.channels" in loggers
    assert not any(name.startswith("django.db.backends") for name in loggers)
    leaks = [
        (record.name, secret, text[:300])
        for record, text in texts
        for secret in secrets
        if secret in text
    ]
    assert leaks == [], "\n".join(map(str, leaks))
