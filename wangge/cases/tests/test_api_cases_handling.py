"""Handling inside the grid and co-handling (主办/协办) through the REST API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.cases.tests.conftest import CELL, TOWNSHIP, png_bytes

pytestmark = pytest.mark.django_db


def _photo(client, number: str, stage: str) -> None:
    photo = SimpleUploadedFile("site.png", png_bytes(), content_type="image/png")
    response = client.upload(f"/cases/{number}/photos", {"stage": stage, "file": photo})
    assert response.status_code == 201, response.json()


def test_a_case_dispatched_to_a_cell_is_handled_by_its_grid_chief_and_verified_by_a_worker(
    api, reported, act
):
    # Given a report the community desk registers
    number = reported()
    act(api.community_desk, number, "register")

    # When it dispatches it to the cell, inside the grid
    case = act(api.community_desk, number, "dispatch", region=CELL)
    assert case["handler"]["type"] == "region"
    assert case["handler"]["code"] == CELL

    # Then the grid chief accepts and handles it
    assert api.chief.get(f"/cases/{number}").json()["allowed_actions"] == [
        "accept",
        "return",
    ]
    act(api.chief, number, "accept")
    _photo(api.chief, number, "after")
    case = act(api.chief, number, "handle", note="网格内已清理")
    assert case["state"] == "handled"
    # and a grid worker of the cell verifies it on site; the chief does not
    assert api.chief.get(f"/cases/{number}").json()["allowed_actions"] == []
    _photo(api.worker, number, "verification")
    case = act(api.worker, number, "verify_pass")
    assert case["state"] == "closed"
    assert [(e["action"], e["post_role"]) for e in case["timeline"]][2:] == [
        ("dispatch", "desk"),
        ("accept", "grid_chief"),
        ("handle", "grid_chief"),
        ("verify_pass", "grid_worker"),
    ]


def test_a_cell_the_case_does_not_lie_in_is_refused_naming_the_region(
    api, reported, act
):
    number = reported()
    act(api.community_desk, number, "register")

    response = api.community_desk.post(
        f"/cases/{number}/actions/dispatch", {"region": CELL[:12] + "002"}
    )

    assert response.status_code == 400
    assert "region" in response.json()["errors"]


def test_a_lead_and_assisting_units_each_take_their_part(
    api, people, departments, reported, act
):
    # Given a case the community leads
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "dispatch")
    act(api.secretary, number, "accept")
    assert "assist_add" in api.secretary.get(f"/cases/{number}").json()["allowed_steps"]

    # When the desk asks the district department and the township to assist
    response = api.community_desk.post(
        f"/cases/{number}/assists",
        {"department": departments.district.code, "task": "清运建筑垃圾"},
    )
    assert response.status_code == 201, response.json()
    department_part = response.json()
    assert department_part["unit"] == {
        "type": "department",
        "code": departments.district.code,
        "name": departments.district.name,
    }
    assert department_part["accepted_at"] is None
    township_part = api.community_desk.post(
        f"/cases/{number}/assists", {"region": TOWNSHIP, "task": "协调执法"}
    ).json()

    # Then each accepts and reports its part
    seen = api.district_handler.get(f"/cases/{number}")
    assert seen.status_code == 200
    assert seen.json()["allowed_steps"] == [
        "photo_before",
        "photo_after",
        "assist_accept",
    ]
    path = f"/cases/{number}/assists/{department_part['id']}"
    assert api.district_handler.post(f"{path}/accept", {}).status_code == 200
    response = api.district_handler.post(f"{path}/report", {"report": "已清运"})
    assert response.status_code == 200
    assert response.json()["report"] == "已清运"

    # and the lead cannot report handled while the township's part is open, unless it says why
    response = api.secretary.post(f"/cases/{number}/actions/handle", {})
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    path = f"/cases/{number}/assists/{township_part['id']}"
    api.first_responsible.post(f"{path}/accept", {})
    api.first_responsible.post(f"{path}/report", {"report": "已协调"})
    case = act(api.secretary, number, "handle")
    assert case["state"] == "handled"
    assert [a["reported_at"] is not None for a in case["assists"]] == [True, True]
    assert [e["action"] for e in case["timeline"]][-7:] == [
        "assist_add",
        "assist_add",
        "assist_accept",
        "assist_report",
        "assist_accept",
        "assist_report",
        "handle",
    ]


def test_an_outsider_gets_404_and_a_stranger_403_on_assisting_parts(
    api, departments, reported, act
):
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "dispatch")
    act(api.secretary, number, "accept")
    part = api.community_desk.post(
        f"/cases/{number}/assists",
        {"department": departments.district.code, "task": "清运"},
    ).json()
    path = f"/cases/{number}/assists/{part['id']}/accept"

    assert api.outsider.post(path, {}).status_code == 404
    assert (
        api.outsider.post(
            f"/cases/{number}/assists", {"region": TOWNSHIP, "task": "x"}
        ).status_code
        == 404
    )
    assert api.worker.post(path, {}).status_code == 403
    other = reported()
    assert (
        api.district_handler.post(
            f"/cases/{other}/assists/{part['id']}/accept", {}
        ).status_code
        == 404
    )


def test_the_openapi_schema_describes_the_assisting_endpoints(api):
    schema = api.resident.client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/cases/{id}/assists" in paths
    assert "/api/v1/cases/{id}/assists/{assist_id}/accept" in paths
    assert "/api/v1/cases/{id}/assists/{assist_id}/report" in paths
    components = schema["components"]["schemas"]
    assert {"AssistIn", "AssistOut", "AssistReportIn"} <= set(components)
    assert "allowed_steps" in components["CaseOut"]["properties"]
