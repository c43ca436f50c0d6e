# ruff: noqa: F811 (the fixtures imported below are the arguments of the tests)
"""GET /api/v1/dashboard/{code}: the dashboard's figures over HTTP, in its jurisdiction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.cases.tests.conftest import (  # noqa: F401
    api,
    departments,
    monday_morning,
    people,
    report_body,
    reported,
)

CITY, DISTRICT, CELL = "410100", "410102", "410102001001001"


def test_a_leader_reads_the_figures_of_a_district(api, reported):
    number = reported()

    response = api.leader.get(f"/dashboard/{DISTRICT}")

    assert response.status_code == 200
    body = response.json()
    assert body["region"] == {
        "code": DISTRICT,
        "name": body["region"]["name"],
        "level": "district",
    }
    assert body["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    assert body["totals"]["reported"] == 1
    assert body["by_day"][-1] == {"day": "2026-11-30", "count": 1}
    assert [s["key"] for s in body["by_state"]] == ["reported"]
    assert body["funnel"][0]["count"] == 1
    markers = api.leader.get(f"/dashboard/{DISTRICT}/markers").json()
    assert [m["number"] for m in markers] == [number]


def test_the_period_is_read_from_from_and_to(api, reported):
    reported()

    response = api.leader.get(
        f"/dashboard/{CITY}", {"from": "2026-11-01", "to": "2026-11-29"}
    )

    assert response.status_code == 200
    assert response.json()["totals"]["reported"] == 0


def test_a_bad_period_answers_400_naming_the_field(api):
    response = api.leader.get(
        f"/dashboard/{CITY}", {"from": "2026-11-30", "to": "2026-11-01"}
    )

    assert response.status_code == 400
    assert "to" in response.json()["errors"]


@pytest.mark.parametrize("who", ["outsider", "resident", "city_handler"])
def test_outsider_gets_404(api, reported, who):
    reported()

    client = getattr(api, who)
    assert client.get(f"/dashboard/{DISTRICT}").status_code == 404
    assert client.get(f"/dashboard/{DISTRICT}/markers").status_code == 404


def test_the_answer_takes_the_same_queries_with_more_cases(api, reported):
    api.leader.get(f"/dashboard/{CELL}")  # the token's first use is recorded
    counts = []
    for extra in (1, 4):
        for _ in range(extra):
            reported()
        with CaptureQueriesContext(connection) as queries:
            assert api.leader.get(f"/dashboard/{CELL}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_endpoint_is_in_the_schema(api):
    schema = api.leader.client.get("/api/v1/openapi.json").json()

    assert "/api/v1/dashboard/{code}" in schema["paths"]
    assert "/api/v1/dashboard/{code}/markers" in schema["paths"]
