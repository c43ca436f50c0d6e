"""The patrols REST API: HTTP behaviour and jurisdiction (the rules are tested at the services)."""

import pytest

from wangge.cases.models import Case
from wangge.cases.tests.conftest import ApiClient
from wangge.patrols.models import Finding, Patrol
from wangge.patrols.tests.conftest import CELL, TERRITORIAL, minutes_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(api):
    response = api.worker.post("/patrols")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_grid_worker_starts_tracks_checks_in_and_ends(api, started, cell):
    pid = started["id"]
    assert started["cell"] == CELL
    points = [
        {
            "lon": cell.centroid_lon,
            "lat": cell.centroid_lat + 0.001 * i,
            "accuracy": 9,
            "recorded_at": minutes_ago(0),
        }
        for i in range(1)
    ]
    answer = api.worker.post(f"/patrols/{pid}/points", {"points": points})
    assert answer.status_code == 200, answer.json()
    assert answer.json() == {"added": 1, "total": 1}
    check_in = api.worker.post(
        f"/patrols/{pid}/check-ins",
        {"place": "3号楼", "lon": cell.centroid_lon, "lat": cell.centroid_lat},
    )
    assert check_in.status_code == 201
    ended = api.worker.post(f"/patrols/{pid}/end")
    assert ended.status_code == 200
    assert ended.json()["status"] == "ended"
    detail = api.worker.get(f"/patrols/{pid}").json()
    assert detail["check_ins"][0]["place"] == "3号楼"
    assert len(detail["points"]) == 1


def test_a_second_start_answers_400_naming_the_patrol(api, started):
    response = api.worker.post("/patrols")
    assert response.status_code == 400
    assert "patrol" in response.json()["errors"]


def test_a_far_point_answers_400_naming_it(api, started):
    response = api.worker.post(
        f"/patrols/{started['id']}/points",
        {"points": [{"lon": 116.4, "lat": 39.9, "recorded_at": minutes_ago(0)}]},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["points[0].lon"]


def test_a_finding_is_a_patrol_case_and_a_replay_makes_no_second(api, started, cell):
    body = {
        "category": TERRITORIAL,
        "description": "井盖松动",
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
    }
    headers = {"Idempotency-Key": "draft-1"}
    first = api.worker.post(f"/patrols/{started['id']}/cases", body, headers)
    again = api.worker.post(f"/patrols/{started['id']}/cases", body, headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"]
    assert first.json()["channel"] == "patrol"
    assert Case.objects.count() == 1
    assert Finding.objects.count() == 1


def test_another_cells_worker_gets_404(api, started, other_worker):
    outsider = ApiClient(other_worker)
    pid = started["id"]
    assert outsider.get(f"/patrols/{pid}").status_code == 404
    assert outsider.post(f"/patrols/{pid}/end").status_code == 404
    assert outsider.post(f"/patrols/{pid}/points", {"points": []}).status_code == 404
    assert outsider.get("/patrols").json() == {"count": 0, "items": []}
    assert Patrol.objects.get().is_open


def test_the_grid_chief_sees_the_patrol_but_may_not_add_to_it(api, started):
    assert api.chief.get(f"/patrols/{started['id']}").status_code == 200
    assert api.chief.post(f"/patrols/{started['id']}/end").status_code == 403


def test_patrols_are_in_the_openapi_schema(api):
    paths = api.worker.client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/patrols",
        "/api/v1/patrols/{id}/points",
        "/api/v1/patrols/{id}/cases",
    } <= set(paths)


def test_the_list_reads_a_constant_number_of_queries(
    api, people, django_assert_max_num_queries
):
    from wangge.patrols import services

    for _ in range(3):
        patrol = services.patrol_start(worker=people.worker)
        services.patrol_end(patrol=patrol, actor=people.worker)
    with django_assert_max_num_queries(8):
        response = api.chief.get("/patrols")
    assert len(response.json()["items"]) == 3
