"""Integers past what a database column holds are refused naming the field, not a 500."""

import pytest

HUGE = str(2**64)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/cases", {"offset": HUGE}, "offset"),
        ("/cases", {"limit": HUGE}, "limit"),
        ("/inbox", {"offset": HUGE}, "offset"),
        ("/inbox", {"limit": HUGE}, "limit"),
    ],
)
def test_a_huge_query_integer_is_refused_naming_it(api, path, params, field):
    response = api.city_desk.get(path, params)

    assert response.status_code == 422
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("step", "field"),
    [
        (f"supervision/{HUGE}/reply", "order_id"),
        (f"extensions/{HUGE}/decision", "request_id"),
        (f"shelving/{HUGE}/decision", "request_id"),
    ],
)
def test_a_huge_id_in_the_path_is_refused_naming_it(api, reported, step, field):
    number = reported()

    response = api.city_desk.post(f"/cases/{number}/{step}", {"approve": True})

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_a_huge_case_id_is_a_case_that_does_not_exist(api):
    assert api.city_desk.get(f"/cases/{HUGE}").status_code == 404


def test_huge_ids_to_mark_read_are_refused_naming_them(api):
    response = api.city_desk.post("/inbox/read", {"ids": [int(HUGE)]})

    assert response.status_code == 422
    assert "ids.0" in response.json()["errors"]


def test_a_case_body_that_is_not_json_is_refused_naming_the_body(api):
    response = api.resident.client.post(
        "/api/v1/cases",
        b"\xff{not json",
        content_type="application/json",
        headers=api.resident.headers,
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "body": ["The request body is not valid JSON."]
    }
