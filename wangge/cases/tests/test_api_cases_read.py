"""GET /api/v1/cases and /api/v1/cases/{id}: scoped lists, filters, pages, detail and masking."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wangge.cases.models import Case
from wangge.cases.tests.conftest import COMMUNITY, DISTRICT, TOWNSHIP


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["number"] for item in response.json()["items"]]


def test_the_detail_is_found_by_number_and_by_id(api, reported):
    number = reported()
    pk = Case.objects.get(number=number).pk

    by_number = api.community_desk.get(f"/cases/{number}")
    by_id = api.community_desk.get(f"/cases/{pk}")

    assert by_number.status_code == by_id.status_code == 200
    assert by_id.json() == by_number.json()


def test_a_case_that_does_not_exist_answers_404(api):
    response = api.city_desk.get("/cases/20261130999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_timeline_lists_events_oldest_first_with_actor_post_and_node(
    api, people, reported, act
):
    number = reported()
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "escalate", note="需要街道协调")
    act(api.township_desk, number, "dispatch")

    timeline = api.township_desk.get(f"/cases/{number}").json()["timeline"]

    assert [(e["action"], e["from_state"], e["to_state"]) for e in timeline] == [
        ("report", "", "reported"),
        ("register", "reported", "registered"),
        ("escalate", "registered", "registered"),
        ("dispatch", "registered", "dispatched"),
    ]
    assert [e["time"] for e in timeline] == sorted(e["time"] for e in timeline)
    escalation = timeline[2]
    assert escalation["actor"] == str(people.community_desk)
    assert escalation["post_role"] == "desk"
    assert escalation["node"] == TOWNSHIP
    assert escalation["note"] == "需要街道协调"
    moved = {"from_node": COMMUNITY, "to_node": TOWNSHIP}
    assert moved.items() <= escalation["data"].items()
    assert timeline[0]["actor"] == str(people.resident)
    assert timeline[0]["post_role"] is None


def test_the_reporter_phone_is_masked_for_a_leader_and_clear_for_the_desk(
    api, reported
):
    number = reported(
        reporter={"name": "王女士", "phone": "13812345678", "email": "w@example.cn"}
    )

    for_leader = api.leader.get(f"/cases/{number}").json()["reporter"]
    for_desk = api.community_desk.get(f"/cases/{number}").json()["reporter"]

    assert for_leader == {
        "name": "王女士",
        "phone": "138****5678",
        "email": None,
        "masked": True,
    }
    assert for_desk == {
        "name": "王女士",
        "phone": "13812345678",
        "email": "w@example.cn",
        "masked": False,
    }


def test_the_phone_never_reaches_a_masked_reader_anywhere_in_the_answer(api, reported):
    number = reported()

    response = api.leader.get(f"/cases/{number}")

    assert "13812345678" not in response.content.decode()


def test_a_leader_sees_the_case_but_may_take_no_workflow_action(api, reported):
    number = reported()

    response = api.leader.get(f"/cases/{number}")

    assert response.status_code == 200
    assert response.json()["allowed_actions"] == []


def test_the_list_holds_only_cases_in_the_callers_area(api, reported):
    number = reported()

    assert _numbers(api.community_desk.get("/cases")) == [number]
    assert _numbers(api.city_desk.get("/cases")) == [number]
    outsider = api.outsider.get("/cases")
    assert outsider.json() == {
        "count": 0,
        "count_capped": False,
        "next": None,
        "items": [],
    }


def test_a_department_lists_the_cases_it_handles_and_no_others(
    api, departments, reported, act
):
    handled = reported()
    reported(description="另一件事", lon=113.21)
    act(api.community_desk, handled, "register")
    act(api.community_desk, handled, "dispatch", department=departments.city.code)

    assert _numbers(api.city_handler.get("/cases")) == [handled]
    assert _numbers(api.district_handler.get("/cases")) == []


def test_the_list_is_paged_newest_first_with_the_total_count(api, reported):
    numbers = [reported(description=f"第{i}件") for i in range(5)]

    page = api.community_desk.get("/cases", {"limit": 2, "offset": 1})

    assert page.json()["count"] == 5
    assert _numbers(page) == [numbers[3], numbers[2]]
    assert _numbers(api.community_desk.get("/cases", {"offset": 4})) == [numbers[0]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 201}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"state": "registered,lost"}, "state"),
        ({"light": "purple"}, "light"),
        ({"created_from": "yesterday"}, "created_from"),
    ],
)
def test_bad_list_parameters_are_named(api, params, field):
    response = api.city_desk.get("/cases", params)

    assert response.status_code == 422
    assert field in response.json()["errors"]


@pytest.fixture
def several(api, departments, reported, act, report_body, tree):
    """Four cases in different states, channels, places and handling units."""
    other_cell = tree["410102002001001"]
    registered = reported()
    act(api.community_desk, registered, "register")
    dispatched = reported(
        api.community_desk, description="占道摆摊卖水果", channel="hotline"
    )
    act(api.community_desk, dispatched, "register")
    act(
        api.community_desk, dispatched, "dispatch", department=departments.district.code
    )
    elsewhere = reported(
        description="非机动车乱停放",
        category="E0504",
        lon=other_cell.centroid_lon,
        lat=other_cell.centroid_lat,
        address="纬五路",
    )
    fresh = reported(description="路边有动物尸体", category="E0108")
    return {
        "registered": registered,
        "dispatched": dispatched,
        "elsewhere": elsewhere,
        "fresh": fresh,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "registered"}, ["registered"]),
        ({"state": "registered,dispatched"}, ["dispatched", "registered"]),
        ({"open": "true"}, ["fresh", "elsewhere", "dispatched", "registered"]),
        ({"open": "false"}, []),
        ({"category": "E0504"}, ["elsewhere"]),
        ({"category": "E06"}, ["dispatched", "registered"]),
        ({"channel": "hotline"}, ["dispatched"]),
        ({"region": "410102002"}, ["elsewhere"]),
        ({"node": COMMUNITY}, ["fresh", "dispatched", "registered"]),
        ({"department": "jinshui-cgj"}, ["dispatched"]),
        ({"light": "green"}, ["fresh", "elsewhere", "dispatched", "registered"]),
        ({"supervised": "true"}, []),
        ({"shelved": "false"}, ["fresh", "elsewhere", "dispatched", "registered"]),
        ({"q": "水果"}, ["dispatched"]),
        ({"q": "纬五路"}, ["elsewhere"]),
    ],
)
def test_the_list_filters(api, several, params, expected):
    response = api.district_desk.get("/cases", params)

    assert _numbers(response) == [several[name] for name in expected]
    assert response.json()["count"] == len(expected)


def test_the_list_filters_by_the_time_of_the_report(api, several):
    now = timezone.localtime()
    later = (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    earlier = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")

    assert (
        len(_numbers(api.district_desk.get("/cases", {"created_from": earlier}))) == 4
    )
    assert _numbers(api.district_desk.get("/cases", {"created_from": later})) == []
    assert _numbers(api.district_desk.get("/cases", {"created_to": earlier})) == []


def test_the_list_of_a_district_desk_names_each_cases_place_and_unit(api, several):
    items = api.district_desk.get("/cases", {"department": "jinshui-cgj"}).json()[
        "items"
    ]

    [item] = items
    assert item["node"]["code"] == COMMUNITY
    assert item["cell"]["code"].startswith(DISTRICT)
    assert item["handler"]["type"] == "department"
    assert "reporter" not in item


def test_the_list_costs_the_same_queries_for_one_case_or_many(api, reported):
    reported()
    with CaptureQueriesContext(connection) as one:
        api.district_desk.get("/cases")
    for i in range(4):
        reported(description=f"第{i}件")

    with CaptureQueriesContext(connection) as many:
        response = api.district_desk.get("/cases")

    assert response.json()["count"] == 5
    assert len(many) == len(one)


def test_the_detail_costs_the_same_queries_however_long_the_timeline(
    api, reported, act
):
    number = reported()
    with CaptureQueriesContext(connection) as short:
        api.community_desk.get(f"/cases/{number}")
    act(api.community_desk, number, "register")
    act(api.community_desk, number, "dispatch")
    act(api.secretary, number, "accept")

    with CaptureQueriesContext(connection) as long:
        api.community_desk.get(f"/cases/{number}")

    assert len(long) == len(short)
