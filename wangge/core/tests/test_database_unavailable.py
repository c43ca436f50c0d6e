"""While the database cannot be reached, pages and the API answer 503 with Retry-After."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

pytestmark = pytest.mark.django_db
CREDENTIALS = {"username": "desk", "password": "pass-Word-42"}


@contextmanager
def database_failing(monkeypatch, error):
    """Every new use of a connection meets `error`, as during a server restart."""

    def refuse(self):
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
        yield


def sign_in_by_page(client):
    return client.post("/accounts/login/", CREDENTIALS)


def sign_in_by_api(client):
    return client.post(
        "/api/v1/auth/token",
        CREDENTIALS,
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )


@pytest.mark.parametrize("request_", [sign_in_by_page, sign_in_by_api])
def test_a_request_meeting_a_database_that_is_down_gets_503_and_retry_after(
    monkeypatch, request_
):
    client = Client(raise_request_exception=False)
    with database_failing(monkeypatch, OperationalError("connection refused")):
        response = request_(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_the_api_says_so_in_json(monkeypatch):
    client = Client(raise_request_exception=False)
    with database_failing(
        monkeypatch, OperationalError("server closed the connection")
    ):
        response = sign_in_by_api(client)
    assert "try again" in response.json()["detail"]


def test_healthz_says_the_database_is_unavailable(monkeypatch):
    with database_failing(monkeypatch, OperationalError("connection refused")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_any_other_error_is_still_a_500(monkeypatch):
    client = Client(raise_request_exception=False)
    with database_failing(monkeypatch, RuntimeError("a bug")):
        response = sign_in_by_page(client)
    assert response.status_code == 500
