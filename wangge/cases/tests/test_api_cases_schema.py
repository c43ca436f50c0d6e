"""The cases API in the OpenAPI schema: every endpoint, its inputs and its answers."""

import pytest


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/cases", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases/{id}", "get"),
        ("/api/v1/cases/{id}/actions/{action}", "post"),
        ("/api/v1/cases/{id}/photos", "post"),
        ("/api/v1/cases/{id}/supervision", "post"),
        ("/api/v1/cases/{id}/supervision/{order_id}/reply", "post"),
        ("/api/v1/cases/{id}/extensions", "post"),
        ("/api/v1/cases/{id}/extensions/{request_id}/decision", "post"),
        ("/api/v1/cases/{id}/shelving", "post"),
        ("/api/v1/cases/{id}/shelving/{request_id}/decision", "post"),
        ("/api/v1/cases/{id}/unshelve", "post"),
        ("/api/v1/cases/{id}/rating", "post"),
        ("/api/v1/cases/{id}/return-visit", "post"),
    ],
)
def test_every_cases_endpoint_is_documented_with_its_answers(schema, path, method):
    operation = schema["paths"][path][method]

    assert operation["summary"]
    assert operation["tags"] == ["cases"]
    assert any(code.startswith("2") for code in operation["responses"])
    if "{id}" in path:
        assert "404" in operation["responses"]


def test_intake_documents_its_body_the_idempotency_key_and_the_created_case(schema):
    operation = schema["paths"]["/api/v1/cases"]["post"]
    components = schema["components"]["schemas"]

    assert [p["name"] for p in operation["parameters"]] == ["Idempotency-Key"]
    assert set(components["CaseIn"]["required"]) == {
        "category",
        "description",
        "lon",
        "lat",
        "channel",
    }
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert created["$ref"].endswith("/CaseCreatedOut")
    assert "possible_duplicates" in components["CaseCreatedOut"]["properties"]


def test_the_case_answer_documents_timeline_and_allowed_actions(schema):
    case = schema["components"]["schemas"]["CaseOut"]["properties"]

    assert "Events, oldest first" in case["timeline"]["description"]
    assert "allowed_actions" in case


def test_the_list_documents_its_filters_and_page(schema):
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/cases"]["get"]["parameters"]
    }

    assert parameters == {
        "state",
        "open",
        "category",
        "channel",
        "light",
        "region",
        "node",
        "department",
        "supervised",
        "shelved",
        "created_from",
        "created_to",
        "q",
        "limit",
        "offset",
        "cursor",
        "sort",
    }
