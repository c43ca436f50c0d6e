"""POST /api/v1/cases/{id}/actions/{action}: the lifecycle end to end, and refusals that change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.cases.models import Case, CaseEvent
from wangge.cases.tests.conftest import (
    CITY,
    COMMUNITY,
    DISTRICT,
    TOWNSHIP,
    png_bytes,
)
from wangge.notifications.models import Notification


def _verification_photo(client, number: str) -> dict:
    photo = SimpleUploadedFile("site.png", png_bytes(), content_type="image/png")
    response = client.upload(
        f"/cases/{number}/photos", {"stage": "verification", "file": photo}
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_case_escalated_to_the_city_is_dispatched_to_a_city_department_which_handles_it(
    api, people, departments, reported, act
):
    # Given a report the community registers but cannot solve
    number = reported()
    act(api.community_desk, number, "register")

    # When each level escalates it to the one above, up to the city
    case = act(api.community_desk, number, "escalate", note="需要区里协调")
    assert case["node"]["code"] == TOWNSHIP
    case = act(api.township_desk, number, "escalate", note="涉及多个部门")
    assert case["node"]["code"] == DISTRICT
    case = act(api.district_desk, number, "escalate", note="需市级部门处置")
    assert case["node"]["code"] == CITY
    assert case["state"] == "registered"
    assert api.city_desk.get(f"/cases/{number}").json()["allowed_actions"] == [
        "merge",
        "dispatch",
        "send_down",
    ]

    # and the city desk dispatches it to the city's urban management
    case = act(api.city_desk, number, "dispatch", department=departments.city.code)
    assert case["handler"] == {
        "type": "department",
        "code": departments.city.code,
        "name": departments.city.name,
    }
    assert Notification.objects.filter(
        recipient=people.city_handler, case__number=number, kind="dispatched"
    ).exists()

    # Then the department sees it, accepts and handles it
    assert api.city_handler.get(f"/cases/{number}").json()["allowed_actions"] == [
        "accept",
        "return",
    ]
    act(api.city_handler, number, "accept")
    case = act(api.city_handler, number, "handle", note="已拆除")
    assert case["state"] == "handled"
    assert [(e["action"], e["node"]) for e in case["timeline"]] == [
        ("report", COMMUNITY),
        ("register", COMMUNITY),
        ("escalate", TOWNSHIP),
        ("escalate", DISTRICT),
        ("escalate", CITY),
        ("dispatch", CITY),
        ("accept", CITY),
        ("handle", CITY),
    ]


def test_a_failed_verification_sends_the_case_back_for_rework_until_it_closes_and_is_rated(
    api, people, reported, act
):
    # Given a territorial case handled by the community
    number = reported()
    act(api.community_desk, number, "register")
    case = act(api.community_desk, number, "dispatch")
    assert case["handler"]["code"] == COMMUNITY
    act(api.secretary, number, "accept")
    act(api.secretary, number, "handle")

    # When the grid worker finds it not done, with a photo taken on site
    _verification_photo(api.worker, number)
    case = act(api.worker, number, "verify_fail", note="杂物仍在")

    # Then it is back in progress at the same unit, which hears about the rework
    assert case["state"] == "in_progress"
    assert case["handler"]["code"] == COMMUNITY
    assert Notification.objects.filter(
        recipient=people.secretary, case__number=number, kind="rework"
    ).exists()

    # When it is handled again and verified with a new photo
    act(api.secretary, number, "handle", note="已清理")
    _verification_photo(api.worker, number)
    case = act(api.worker, number, "verify_pass")

    # Then it is closed, the reporter is asked to rate it, and the desk records the rating
    assert case["state"] == "closed"
    assert case["closed_at"] is not None
    assert len([p for p in case["photos"] if p["stage"] == "verification"]) == 2
    response = api.community_desk.post(
        f"/cases/{number}/rating", {"satisfaction": "satisfied", "comment": "很快"}
    )
    assert response.status_code == 200
    assert response.json()["satisfaction"] == "satisfied"
    assert [e["action"] for e in response.json()["timeline"]] == [
        "report",
        "register",
        "dispatch",
        "accept",
        "handle",
        "verify_fail",
        "handle",
        "verify_pass",
        "rate",
    ]


def test_verification_without_a_photo_taken_on_site_is_refused(api, reported, act):
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "dispatch")
    act(api.secretary, number, "accept")
    act(api.secretary, number, "handle")

    response = api.worker.post(f"/cases/{number}/actions/verify_pass", {})

    assert response.status_code == 400
    assert "photos" in response.json()["errors"]
    assert Case.objects.get(number=number).state == "handled"


def test_allowed_actions_follow_the_state(api, reported, act):
    number = reported()

    def allowed(client):
        return client.get(f"/cases/{number}").json()["allowed_actions"]

    assert allowed(api.community_desk) == ["register", "reject", "merge"]
    assert allowed(api.worker) == ["self_handle"]
    assert allowed(api.secretary) == []
    act(api.community_desk, number, "register")
    assert allowed(api.community_desk) == ["merge", "dispatch", "escalate"]
    act(api.community_desk, number, "dispatch")
    assert allowed(api.secretary) == ["accept", "return"]
    act(api.secretary, number, "accept")
    assert allowed(api.secretary) == ["return", "handle"]
    act(api.secretary, number, "handle")
    assert allowed(api.worker) == ["verify_pass", "verify_fail"]
    assert allowed(api.secretary) == []


def test_an_action_the_state_does_not_allow_answers_409_with_the_state_and_changes_nothing(
    api, reported
):
    number = reported()
    before = CaseEvent.objects.count()

    response = api.community_desk.post(f"/cases/{number}/actions/verify_pass", {})

    assert response.status_code == 409
    body = response.json()
    assert "not possible" in body["detail"]
    assert body["errors"] == {"action": [body["detail"]]}
    assert body["state"] == "reported"
    assert Case.objects.get(number=number).state == "reported"
    assert CaseEvent.objects.count() == before


def test_the_second_of_two_desks_registering_the_same_case_gets_409(api, reported):
    number = reported()
    first = api.community_desk.post(f"/cases/{number}/actions/register", {})
    second = api.community_desk.post(f"/cases/{number}/actions/register", {})
    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["state"] == "registered"


def test_an_action_the_callers_roles_do_not_allow_is_refused(api, reported):
    number = reported()

    response = api.worker.post(f"/cases/{number}/actions/register", {})

    assert response.status_code == 400
    assert "roles do not allow" in response.json()["detail"]
    assert Case.objects.get(number=number).state == "reported"


def test_an_unknown_action_is_refused_by_name(api, reported):
    number = reported()

    response = api.community_desk.post(f"/cases/{number}/actions/teleport", {})

    assert response.status_code == 400
    assert "teleport" in response.json()["errors"]["action"][0]


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("escalate", {}, "note"),
        ("reject", {"note": "  "}, "note"),
        ("dispatch", {"department": "no-such-department"}, "department"),
        ("dispatch", {"region": "410103001001"}, "region"),
        ("merge", {"into": "20000101000001"}, "into"),
    ],
)
def test_bad_parameters_of_an_action_are_named_and_change_nothing(
    api, reported, act, action, body, field
):
    number = reported()
    if action in ("dispatch", "escalate"):
        act(api.community_desk, number, "register")
    before = (CaseEvent.objects.count(), Case.objects.get(number=number).state)

    response = api.community_desk.post(f"/cases/{number}/actions/{action}", body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    after = (CaseEvent.objects.count(), Case.objects.get(number=number).state)
    assert after == before


def test_an_action_with_an_empty_body_is_accepted(api, reported):
    number = reported()

    response = api.community_desk.client.post(
        f"/api/v1/cases/{number}/actions/register",
        content_type="application/json",
        headers=api.community_desk.headers,
    )

    assert response.status_code == 200
    assert response.json()["state"] == "registered"


def test_a_duplicate_is_merged_into_the_case_it_repeats(api, reported, act):
    first = reported()
    second = reported(description="又有人在楼道堆杂物")

    case = act(api.community_desk, second, "merge", into=first)

    assert case["state"] == "merged"
    assert case["merged_into"] == first


def test_a_handler_returns_a_misdispatched_case_to_the_desk(
    api, departments, reported, act
):
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "escalate", note="需要区里协调")
    act(api.township_desk, number, "escalate", note="需要区里协调")
    act(api.district_desk, number, "dispatch", department=departments.district.code)

    case = act(api.district_handler, number, "return", note="不属于本部门职责")

    assert case["state"] == "registered"
    assert case["handler"] is None
    assert case["allowed_actions"] == []
    assert api.district_desk.get(f"/cases/{number}").json()["allowed_actions"] == [
        "merge",
        "dispatch",
        "escalate",
        "send_down",
    ]
