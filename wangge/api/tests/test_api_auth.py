"""People's tokens and bearer authentication of the REST API (keys: access/tests)."""

import datetime

import pytest
import time_machine

from wangge.access.bearer import secret_digest
from wangge.api.models import ApiToken
from wangge.api.services import api_token_issue
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

TOKEN_URL = "/api/v1/auth/token"
PASSWORD = "pass-Word-42"


@pytest.fixture
def alice(tree):
    return staff("alice", Role.DESK, tree["410102"])


def post_token(client, username, password):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def get_region(client, secret, code="410102"):
    return client.get(
        f"/api/v1/regions/{code}",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_right_password_gets_a_token_that_opens_the_api(client, alice):
    response = post_token(client, "alice", PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["token"].startswith("wgt_")
    assert datetime.datetime.fromisoformat(body["expires_at"]) > datetime.datetime.now(
        datetime.UTC
    )
    assert get_region(client, body["token"]).status_code == 200


def test_only_the_hash_of_a_token_is_stored(client, alice):
    token = post_token(client, "alice", PASSWORD).json()["token"]
    row = ApiToken.objects.get(user=alice)
    assert row.key_hash == secret_digest(token)
    assert token not in row.key_hash


def test_wrong_password_gets_401_with_a_clear_message(client, alice):
    response = post_token(client, "alice", "wrong")
    assert response.status_code == 401
    assert response.json() == {"detail": "Wrong username or password."}
    assert not ApiToken.objects.exists()


def test_missing_password_gets_422_naming_the_field(client, alice):
    response = client.post(
        TOKEN_URL, {"username": "alice"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["password"]


def test_a_body_that_is_not_json_gets_400_naming_the_body(client, alice):
    response = client.post(
        TOKEN_URL, "{user", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body is not valid JSON.",
        "errors": {"body": ["The request body is not valid JSON."]},
    }


def test_five_failures_lock_the_username_out_even_with_the_right_password(
    client, alice
):
    for _ in range(4):
        assert post_token(client, "alice", "wrong").status_code == 401
    fifth = post_token(client, "alice", "wrong")
    assert fifth.status_code == 429
    locked = post_token(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json; charset=utf-8"
    assert "Too many failed sign-in attempts" in locked.json()["detail"]
    assert not ApiToken.objects.exists()


def test_a_success_resets_the_failure_count(client, alice):
    for _ in range(4):
        post_token(client, "alice", "wrong")
    assert post_token(client, "alice", PASSWORD).status_code == 200
    for _ in range(4):
        post_token(client, "alice", "wrong")
    assert post_token(client, "alice", PASSWORD).status_code == 200


def test_no_bearer_gets_401_asking_for_one(client, tree):
    response = client.get("/api/v1/regions/410102", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "bearer token" in response.json()["detail"]


@pytest.mark.parametrize("secret", ["wgt_nonsense", "wgk_nonsense", "nonsense", ""])
def test_unknown_bearer_gets_401(client, tree, secret):
    assert get_region(client, secret).status_code == 401


def test_expired_token_gets_401(client, alice):
    secret, _ = api_token_issue(user=alice)
    with time_machine.travel(
        datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=13)
    ):
        assert get_region(client, secret).status_code == 401


def test_token_of_an_inactive_user_gets_401(client, alice):
    secret, _ = api_token_issue(user=alice)
    alice.is_active = False
    alice.save()
    assert get_region(client, secret).status_code == 401


def test_using_a_token_records_when(client, alice):
    secret, token = api_token_issue(user=alice)
    get_region(client, secret)
    token.refresh_from_db()
    assert token.last_used_at is not None
