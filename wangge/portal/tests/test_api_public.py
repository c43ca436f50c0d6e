"""The public REST endpoints over HTTP: no token, 201/404/429, and the OpenAPI schema."""

import json

import pytest
from django.test import Client

from wangge.portal.limits import LIMITS
from wangge.portal.tests.conftest import CELL, PHONE, TERRITORIAL, close, file_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def post(client, path, body, **headers):
    return client.post(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def body_for(tree, **overrides):
    cell = tree[CELL]
    body = {
        "category": TERRITORIAL,
        "description": "井盖松动",
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
    }
    return body | overrides


def test_a_report_without_a_token_answers_201_and_a_replay_the_same(
    client, tree, people
):
    first = post(
        client, "/public/reports", body_for(tree), **{"Idempotency-Key": "k-1"}
    )
    again = post(
        client, "/public/reports", body_for(tree), **{"Idempotency-Key": "k-1"}
    )
    assert first.status_code == 201 and again.status_code == 201
    assert again.json() == {**first.json(), "replayed": True}


def test_a_bad_report_answers_400_naming_the_field(client, tree, people):
    response = post(client, "/public/reports", body_for(tree, category="Z0101"))
    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_tracking_by_number_and_code_and_the_same_404_for_any_miss(
    client, tree, people
):
    filed = file_report(tree)
    found = client.get(
        "/api/v1/public/track",
        {"number": filed.case.number, "code": filed.tracking_code},
    )
    assert found.status_code == 200
    assert found.json()["steps"][0]["kind"] == "report"
    wrong = client.get(
        "/api/v1/public/track", {"number": filed.case.number, "code": "WRONG234"}
    )
    unknown = client.get(
        "/api/v1/public/track", {"number": "20990101000001", "code": "WRONG234"}
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_rating_through_the_api(client, tree, people):
    filed = file_report(tree)
    close(filed.case, people)
    response = post(
        client,
        "/public/track/rating",
        {
            "number": filed.case.number,
            "code": filed.tracking_code,
            "satisfaction": "satisfied",
        },
    )
    assert (
        response.status_code == 200 and response.json()["satisfaction"] == "satisfied"
    )


def test_too_many_codes_answer_429_with_retry_after(client, tree, sms, monday_morning):
    for _ in range(LIMITS["code_phone"].hits):
        assert post(client, "/public/phone-codes", {"phone": PHONE}).status_code == 202
    response = post(client, "/public/phone-codes", {"phone": PHONE})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0 and response.json()["detail"]


def test_the_board_in_json_has_no_private_phone(client, tree, people):
    people.chief.phone = "13966668888"
    people.chief.save()
    response = client.get(f"/api/v1/public/regions/{CELL}/board")
    assert response.status_code == 200
    assert "13966668888" not in response.content.decode()
    assert {p["role"] for p in response.json()["people"]} >= {"grid_chief"}
    assert client.get("/api/v1/public/regions/410100/board").status_code == 404


def test_the_poster_pdf_through_the_api_is_the_pages_and_shares_its_limit(
    client, tree, people, monday_morning
):
    page = client.get(f"/public/regions/{CELL}/poster.pdf")
    response = client.get(f"/api/v1/public/regions/{CELL}/poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get("/api/v1/public/regions/410100/poster.pdf").status_code == 404
    # The page's download and the API count against one limit per address.
    for _ in range(LIMITS["poster_address"].hits - 2):
        assert (
            client.get(f"/api/v1/public/regions/{CELL}/poster.pdf").status_code == 200
        )
    assert page.status_code == 200
    refused = client.get(f"/api/v1/public/regions/{CELL}/poster.pdf")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get(f"/public/regions/{CELL}/poster.pdf").status_code == 429


def test_the_public_endpoints_are_in_the_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/public/reports",
        "/api/v1/public/phone-codes",
        "/api/v1/public/track",
        "/api/v1/public/track/rating",
        "/api/v1/public/nearby",
        "/api/v1/public/categories",
        "/api/v1/public/regions/{code}/board",
        "/api/v1/public/regions/{code}/poster.pdf",
    ):
        assert path in paths
    assert "security" not in paths["/api/v1/public/reports"]["post"]
