"""The grid worker's phone pages: HTTP behaviour and jurisdiction (rules sit at the services)."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.access.tests.matrix import assert_three_users, standing_users
from wangge.cases.models import Case
from wangge.cases.tests.conftest import CELL, TERRITORIAL
from wangge.cases.workflow import CaseState
from wangge.patrols import services as patrol_services
from wangge.patrols.models import Finding, Patrol
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.workbench.tests.casework import english, file_case, handled, upload

pytestmark = pytest.mark.django_db

OTHER_CELL = "410103001001001"


@pytest.fixture
def worker(client, people):
    return english(client, people.worker)


@pytest.fixture
def other_worker(tree, people):
    return staff("other_worker", Role.GRID_WORKER, tree[OTHER_CELL])


def report(tree, **overrides) -> dict:
    cell = tree[CELL]
    data = {
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
        "category": TERRITORIAL,
        "description": "路灯不亮",
        "idempotency_key": "phone-1",
        "photos": upload(),
    }
    data.update(overrides)
    return data


def test_today_lists_the_cases_to_verify_and_the_cells_to_walk_in_constant_queries(
    worker, tree, people
):
    def today():
        with CaptureQueriesContext(connection) as queries:
            response = worker.get("/m/")
        return response, len(queries)

    handled(tree, people)
    _response, with_one = today()
    for _ in range(3):
        handled(tree, people)
    patrol_services.patrol_end(
        patrol=patrol_services.patrol_start(worker=people.worker), actor=people.worker
    )
    response, with_four = today()
    assert with_four == with_one
    page = response.content.decode()
    assert page.count("/verify/") == 4
    assert "1 cell walked today" in page
    assert 'rel="manifest"' in page


def test_a_worker_with_no_patrol_today_is_told_which_cells_are_due(worker):
    assert "Still to walk today" in worker.get("/m/").content.decode()


def test_the_patrol_page_reads_a_constant_number_of_queries(worker, tree, people):
    cell = tree[CELL]
    patrol = patrol_services.patrol_start(worker=people.worker)

    def page():
        with CaptureQueriesContext(connection) as queries:
            assert worker.get("/m/patrol/").status_code == 200
        return len(queries)

    before = page()
    patrol_services.patrol_points_add(
        patrol=patrol,
        actor=people.worker,
        points=[
            patrol_services.TrackPoint(
                lon=cell.centroid_lon,
                lat=cell.centroid_lat + i * 1e-4,
                recorded_at=patrol.started_at + timedelta(seconds=i),
            )
            for i in range(30)
        ],
    )
    for place in ("1号楼", "2号楼"):
        patrol_services.patrol_check_in(
            patrol=patrol,
            actor=people.worker,
            place=place,
            lon=cell.centroid_lon,
            lat=cell.centroid_lat,
        )
    assert page() == before


def test_the_report_form_opens_the_camera(worker):
    page = worker.get("/m/report/").content.decode()
    assert 'capture="environment"' in page
    assert 'accept="image/*"' in page


def test_a_report_without_scripts_redirects_to_its_number(worker, tree):
    response = worker.post("/m/report/", report(tree))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/m/reported/{case.number}/"
    assert case.channel == "patrol"


def test_a_report_sent_twice_with_its_key_answers_the_same_case(worker, tree):
    first = worker.post("/m/report/", report(tree), HTTP_ACCEPT="application/json")
    again = worker.post("/m/report/", report(tree), HTTP_ACCEPT="application/json")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert first.json()["number"] == again.json()["number"]
    assert Case.objects.count() == 1


def test_a_refused_report_answers_422_naming_the_field(worker, tree):
    response = worker.post(
        "/m/report/", report(tree, description=""), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 422
    assert "description" in response.json()["errors"]
    assert not Case.objects.exists()


def test_a_report_during_a_patrol_is_linked_to_it(worker, tree, people):
    patrol = patrol_services.patrol_start(worker=people.worker)
    worker.post("/m/report/", report(tree))
    assert Finding.objects.get().patrol == patrol


def test_a_patrol_starts_takes_points_checks_in_and_ends(worker, tree):
    cell = tree[CELL]
    assert worker.post("/m/patrol/start/", {"cell": CELL}).status_code == 302
    patrol = Patrol.objects.get()
    assert worker.get("/m/patrol/").status_code == 200
    points = {
        "points": [
            {
                "lon": cell.centroid_lon,
                "lat": cell.centroid_lat,
                "accuracy": 10,
                "recorded_at": patrol.started_at.isoformat(),
            }
        ]
    }
    answer = worker.post(
        f"/m/patrols/{patrol.pk}/points/",
        json.dumps(points),
        content_type="application/json",
    )
    assert answer.json() == {"added": 1, "total": 1}
    check_in = worker.post(
        f"/m/patrols/{patrol.pk}/check-in/",
        {"place": "3号楼", "lon": cell.centroid_lon, "lat": cell.centroid_lat},
    )
    assert check_in.status_code == 302
    assert worker.post(f"/m/patrols/{patrol.pk}/end/").status_code == 302
    patrol.refresh_from_db()
    assert not patrol.is_open
    assert worker.get(f"/m/patrols/{patrol.pk}/").status_code == 200


def test_a_far_point_answers_400_naming_it(worker, tree, people):
    patrol = patrol_services.patrol_start(worker=people.worker)
    body = {
        "points": [
            {"lon": 116.4, "lat": 39.9, "recorded_at": patrol.started_at.isoformat()}
        ]
    }
    answer = worker.post(
        f"/m/patrols/{patrol.pk}/points/",
        json.dumps(body),
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["points[0].lon"]


def test_another_cells_worker_gets_404(client, people, other_worker, tree):
    patrol = patrol_services.patrol_start(worker=people.worker)
    case = handled(tree, people)
    english(client, other_worker)
    assert client.get(f"/m/patrols/{patrol.pk}/").status_code == 404
    assert client.post(f"/m/patrols/{patrol.pk}/end/").status_code == 404
    assert (
        client.post(
            f"/m/patrols/{patrol.pk}/points/", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(f"/m/cases/{case.number}/verify/").status_code == 404
    assert client.get(f"/m/reported/{case.number}/").status_code == 404
    patrol.refresh_from_db()
    assert patrol.is_open


def test_verify_with_a_photo_closes_the_case(worker, tree, people):
    case = handled(tree, people)
    assert worker.get(f"/m/cases/{case.number}/verify/").status_code == 200
    response = worker.post(
        f"/m/cases/{case.number}/verify/", {"photo": upload(), "outcome": "pass"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED


def test_verify_without_a_photo_is_refused(worker, tree, people):
    case = handled(tree, people)
    response = worker.post(f"/m/cases/{case.number}/verify/", {"outcome": "pass"})
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.state == CaseState.HANDLED


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/m/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")
    body = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert body["short_name"] == "Grid Connect"
    assert body["start_url"] == "/m/"
    assert {icon["sizes"] for icon in body["icons"]} == {"192x192", "512x512"}


def test_the_service_worker_covers_the_phone_pages(client):
    response = client.get("/m/sw.js")
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/m/"
    assert "/static/workbench/js/phone.js" in response.content.decode()


def test_the_phone_pages_need_a_sign_in(client):
    assert client.get("/m/").status_code == 302
    assert client.get("/m/report/").status_code == 302


def test_a_patrol_page_is_seen_in_its_area_and_an_outsider_gets_404(client, tree):
    users = standing_users(tree)
    patrol = patrol_services.patrol_start(worker=users.in_grid)
    assert_three_users(client, lambda cell: f"/m/patrols/{patrol.pk}/", users, tree)


def test_a_reported_case_page_is_seen_in_its_area_and_an_outsider_gets_404(
    client, tree, monday_morning
):
    users = standing_users(tree)
    case = file_case(tree)
    assert_three_users(client, lambda cell: f"/m/reported/{case.number}/", users, tree)
