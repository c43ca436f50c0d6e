"""GET /healthz: 200 when the database answers, 503 when it does not."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "wangge.core.views.connection.cursor",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] != "ok"


def test_healthz_needs_no_sign_in_and_takes_only_get(client):
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
