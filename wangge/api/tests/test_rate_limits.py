"""Limits per address and per person: 429 with Retry-After, and nothing done past them."""

import pytest
from django.test import Client

from wangge.api.services import api_token_issue
from wangge.cases.models import Case
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    settings.WANGGE_RATE_LIMITS = {
        "sign_in_address": (2, 3600),
        "export_user": (1, 3600),
        "intake_user": (1, 3600),
    }


def test_sign_ins_from_one_address_are_limited_across_usernames(client, tight):
    for name in ("a", "b"):
        client.post("/accounts/login/", {"username": name, "password": "x"})
    page = client.post("/accounts/login/", {"username": "c", "password": "x"})
    api = client.post(
        "/api/v1/auth/token",
        {"username": "d", "password": "x"},
        content_type="application/json",
    )
    assert page.status_code == api.status_code == 429
    assert int(page["Retry-After"]) > 0 and int(api["Retry-After"]) > 0
    assert "detail" in api.json()


def test_another_address_may_still_sign_in(client, tight, tree):
    for name in ("a", "b", "c"):
        client.post("/accounts/login/", {"username": name, "password": "x"})
    other = Client(REMOTE_ADDR="10.0.0.9")
    staff("desk", Role.DESK, tree["410102"])
    answer = other.post(
        "/accounts/login/", {"username": "desk", "password": "pass-Word-42"}
    )
    assert answer.status_code == 302


def test_exports_per_person_are_limited(client, tight, tree):
    desk = staff("desk", Role.DESK, tree["410102"])
    secret, _ = api_token_issue(user=desk)
    headers = {"Authorization": f"Bearer {secret}"}
    first = client.get("/api/v1/cases/export.xlsx", headers=headers)
    second = client.get("/api/v1/cases/export.xlsx", headers=headers)
    assert (first.status_code, second.status_code) == (200, 429)
    assert second["Retry-After"]


def test_intake_past_the_limit_files_nothing(client, tight, tree):
    desk = staff("desk", Role.DESK, tree["410102001001"])
    secret, _ = api_token_issue(user=desk)
    cell = tree["410102001001001"]
    body = {
        "category": "E0605",
        "description": "楼道堆放杂物",
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
        "channel": "hotline",
    }
    answers = [
        client.post(
            "/api/v1/cases",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        ).status_code
        for _ in range(2)
    ]
    assert answers == [201, 429]
    assert Case.objects.count() == 1
