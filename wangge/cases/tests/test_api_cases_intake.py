"""POST /api/v1/cases: intake from every channel, idempotency, and bad input that writes nothing."""

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.cases.models import Case, CaseAttachment, CaseEvent
from wangge.cases.tests.conftest import (
    CELL,
    CITY,
    COMMUNITY,
    WITH_REQUIRED,
    png_base64,
)
from wangge.notifications.models import Notification
from wangge.regions import crs


def _counts() -> tuple[int, int, int]:
    """Cases, events and photos in the database."""
    return (
        Case.objects.count(),
        CaseEvent.objects.count(),
        CaseAttachment.objects.count(),
    )


def test_a_report_answers_201_with_the_located_case(api, report_body, tree):
    response = api.resident.post("/cases", report_body())

    assert response.status_code == 201
    case = response.json()
    assert case["number"].startswith("20261130")
    assert case["state"] == "reported"
    assert case["channel"] == "resident"
    assert case["category"]["code"] == "E0605"
    assert case["cell"] == {"code": CELL, "name": tree[CELL].name}
    assert case["node"]["code"] == COMMUNITY
    assert case["possible_duplicates"] == []
    assert [event["action"] for event in case["timeline"]] == ["report"]
    assert Case.objects.get(number=case["number"]).reporter_phone == "13812345678"


def test_a_residents_report_reaches_the_grid_and_the_community(api, people, reported):
    number = reported()

    inboxes = set(
        Notification.objects.filter(case__number=number, kind="new_case").values_list(
            "recipient__username", flat=True
        )
    )
    # The community desk finds it in its work list, not in its inbox.
    assert {"worker", "chief", "secretary"} <= inboxes
    assert "township_desk" not in inboxes
    assert "outsider" not in inboxes


def test_a_second_report_nearby_names_the_first_as_a_possible_duplicate(
    api, report_body, reported
):
    first = reported()

    response = api.worker.post("/cases", report_body(channel="patrol"))

    assert response.status_code == 201
    assert response.json()["possible_duplicates"] == [first]


def test_a_grid_worker_solving_on_the_spot_files_a_handled_case(api, report_body):
    response = api.worker.post(
        "/cases", report_body(channel="patrol", solved_on_the_spot=True)
    )

    assert response.status_code == 201
    case = response.json()
    assert case["state"] == "handled"
    assert [e["action"] for e in case["timeline"]] == ["report", "self_handle"]
    assert case["allowed_actions"] == ["verify_pass", "verify_fail"]


def test_photos_sent_with_the_report_are_kept_as_before_photos(api, report_body):
    photos = [{"name": "scene.png", "content": png_base64()}]

    response = api.resident.post("/cases", report_body(photos=photos))

    assert response.status_code == 201
    [photo] = response.json()["photos"]
    assert photo["stage"] == "before"
    assert photo["content_type"] == "image/png"
    assert photo["url"].startswith("/photos/")


def test_coordinates_from_a_chinese_phone_map_are_stored_in_wgs84(
    api, report_body, tree
):
    cell = tree[CELL]
    gcj_lon, gcj_lat = crs.wgs84_to_gcj02(cell.centroid_lon, cell.centroid_lat)

    response = api.resident.post(
        "/cases", report_body(lon=gcj_lon, lat=gcj_lat, crs="gcj02")
    )

    assert response.status_code == 201
    assert response.json()["lon"] == pytest.approx(cell.centroid_lon, abs=1e-5)
    assert response.json()["cell"]["code"] == CELL


def test_a_replay_with_the_same_idempotency_key_returns_the_same_case(api, report_body):
    key = {"Idempotency-Key": "phone-42-report-1"}

    first = api.resident.post("/cases", report_body(), headers=key)
    replay = api.resident.post("/cases", report_body(), headers=key)

    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_naming_the_header(api, report_body):
    key = {"Idempotency-Key": "phone-42-report-1"}
    api.resident.post("/cases", report_body(), headers=key)
    before = _counts()

    response = api.resident.post(
        "/cases", report_body(description="另一件事"), headers=key
    )

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert _counts() == before


def test_an_idempotency_key_belongs_to_its_client(api, report_body):
    key = {"Idempotency-Key": "same-key"}

    mine = api.resident.post("/cases", report_body(), headers=key)
    theirs = api.community_desk.post("/cases", report_body(), headers=key)

    assert theirs.status_code == 201
    assert theirs.json()["number"] != mine.json()["number"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"category": "X9999"}, "category", "There is no category"),
        ({"category": "E06"}, "category", "major category"),
        ({"lon": 120.0, "lat": 30.0}, "lon", "outside every grid cell"),
        ({"crs": "mercator"}, "crs", "Unknown coordinate system"),
        ({"category": WITH_REQUIRED}, "cover_type", "required"),
        (
            {"category": WITH_REQUIRED, "attributes": {"cover_type": "金井盖"}},
            "cover_type",
            "",
        ),
        ({"description": "   "}, "description", "Describe the problem"),
        ({"description": "\u200b\u200b\u200b"}, "description", "Describe the problem"),
        ({"description": "井盖\u0000丢了"}, "description", "control characters"),
        ({"address": "经八路\u0000"}, "address", "control characters"),
        ({"channel": "assignment"}, "channel", "You may not file"),
        ({"priority": "urgent"}, "priority", "may not mark a case urgent"),
        (
            {
                "photos": [
                    {"name": "a.txt", "content": base64.b64encode(b"hello").decode()}
                ]
            },
            "photos",
            "not an image",
        ),
        ({"photos": [{"name": "a.png", "content": "%%%"}]}, "photos", "base64"),
    ],
    ids=[
        "unknown-category",
        "major-category",
        "outside-the-city",
        "unknown-crs",
        "missing-required-attribute",
        "value-not-among-choices",
        "blank-description",
        "zero-width-description",
        "nul-in-description",
        "nul-in-address",
        "assignment-by-a-resident",
        "urgent-by-a-resident",
        "not-an-image",
        "not-base64",
    ],
)
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(
    api, report_body, overrides, field, words
):
    before = _counts()

    response = api.resident.post("/cases", report_body(**overrides))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert _counts() == before


def test_an_oversized_photo_is_refused_and_writes_nothing(api, report_body, settings):
    settings.WANGGE_MAX_PHOTO_BYTES = 50
    before = _counts()

    response = api.resident.post(
        "/cases", report_body(photos=[{"name": "big.png", "content": png_base64()}])
    )

    assert response.status_code == 400
    assert "at most 50" in response.json()["errors"]["photos"][0]
    assert _counts() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"lon": "east"}, "lon"),
        ({"priority": "whenever"}, "priority"),
    ],
)
def test_malformed_fields_are_refused_by_the_schema(api, report_body, overrides, field):
    before = _counts()

    response = api.resident.post("/cases", report_body(**overrides))

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert _counts() == before


def test_a_reporter_given_as_a_bare_string_is_refused_naming_it(api, report_body):
    before = _counts()

    response = api.resident.post("/cases", report_body(reporter="张三"))

    assert response.status_code == 422
    assert "reporter" in response.json()["errors"]
    assert _counts() == before


def test_a_missing_field_is_named(api, report_body):
    body = report_body()
    del body["category"]

    response = api.resident.post("/cases", body)

    assert response.status_code == 422
    assert "category" in response.json()["errors"]


def test_intake_needs_a_token(client, report_body):
    response = client.post(
        "/api/v1/cases", report_body(), content_type="application/json"
    )

    assert response.status_code == 401
    assert Case.objects.count() == 0


def test_a_replay_answers_the_same_body_also_with_duplicates_nearby(
    api, report_body, reported
):
    reported()
    key = {"Idempotency-Key": "patrol-7"}

    first = api.worker.post("/cases", report_body(channel="patrol"), headers=key)
    replay = api.worker.post("/cases", report_body(channel="patrol"), headers=key)

    assert first.json()["possible_duplicates"] != []
    assert replay.json() == first.json()


def test_only_the_grid_of_the_cell_may_report_a_problem_solved_on_the_spot(
    api, report_body
):
    before = _counts()

    response = api.community_desk.post(
        "/cases", report_body(channel="hotline", solved_on_the_spot=True)
    )

    assert response.status_code == 400
    assert "solved_on_the_spot" in response.json()["errors"]
    assert _counts() == before


def test_a_resident_cannot_file_an_assignment(api, report_body):
    before = _counts()

    response = api.resident.post("/cases", report_body(channel="assignment"))

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["channel"]
    assert _counts() == before


def test_a_hotline_case_filed_by_the_city_desk_is_registered_at_the_city(
    api, report_body, act, departments
):
    filed = api.city_desk.post("/cases", report_body(channel="hotline"))

    case = filed.json()
    assert filed.status_code == 201
    assert case["node"]["code"] == CITY
    assert {"register", "reject"} <= set(case["allowed_actions"])
    act(api.city_desk, case["number"], "register")
    dispatched = act(
        api.city_desk, case["number"], "dispatch", department=departments.city.code
    )
    assert dispatched["state"] == "dispatched"
    assert [e["node"] for e in dispatched["timeline"]] == [CITY] * 3


def test_possible_duplicates_name_only_cases_the_caller_may_see(
    api, report_body, reported
):
    first = reported(api.community_desk, channel="hotline")

    outsider = api.outsider.post("/cases", report_body(channel="hotline"))
    desk = api.township_desk.post("/cases", report_body(channel="hotline"))

    assert outsider.json()["possible_duplicates"] == []
    assert first in desk.json()["possible_duplicates"]


def test_the_answer_is_built_from_what_intake_wrote_and_the_transaction_only_writes(
    api, report_body
):
    api.resident.post("/cases", report_body())  # the token's first use is recorded

    with CaptureQueriesContext(connection) as queries:
        response = api.resident.post("/cases", report_body(description="又堵了"))

    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    # The transaction (a savepoint inside the test's own) opens after every read; the
    # intake limit counted the request before, in a savepoint of its own.
    begin = len(statements) - 1 - statements[::-1].index("SAVEPOINT")
    # The number, the case, its roll-up counters, its event, the inbox.
    assert statements[begin + 1 :] == [
        "UPDATE",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "RELEASE",
    ]
    assert response.status_code == 201
    assert [e["action"] for e in response.json()["timeline"]] == ["report"]
