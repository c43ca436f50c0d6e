"""The assessment API: HTTP behaviour and jurisdiction (the rules are tested at the services)."""

import datetime as dt

import pytest

from wangge.assessment import services
from wangge.assessment.models import SnapshotRow, UnitKind
from wangge.cases.tests.conftest import COMMUNITY, DISTRICT, SIBLING_DISTRICT, ApiClient
from wangge.linkage.models import (
    Determination,
    DeterminationKind,
    DeterminationState,
)


@pytest.fixture
def published(november, office):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    return services.snapshot_publish(actor=office, snapshot=snapshot)


def _community_row(published, tree):
    return SnapshotRow.objects.get(
        snapshot=published, unit_kind=UnitKind.COMMUNITY, region=tree[COMMUNITY]
    )


def test_rows_are_those_of_the_callers_area(published, api, tree):
    response = api.district_desk.get(f"/assessment/snapshots/{published.pk}/rows")
    assert response.status_code == 200
    body = response.json()
    paths = {item["region"] for item in body["items"] if item["region"]}
    assert tree[COMMUNITY].code in paths and body["count"] == len(body["items"])
    outsider = api.outsider.get(f"/assessment/snapshots/{published.pk}/rows")
    assert outsider.json()["items"] == []


def test_outsider_gets_404_for_a_row_its_trend_and_its_evidence(published, api, tree):
    row = _community_row(published, tree)
    for path in (
        f"/assessment/rows/{row.pk}",
        f"/assessment/rows/{row.pk}/trend",
        f"/assessment/rows/{row.pk}/evidence/closed",
    ):
        assert api.outsider.get(path).status_code == 404
        assert api.district_desk.get(path).status_code == 200


def test_a_row_answers_its_determinations_by_measure(determinations, office, api, tree):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    services.snapshot_publish(actor=office, snapshot=snapshot)
    row = _community_row(snapshot, tree)

    response = api.district_desk.get(f"/assessment/rows/{row.pk}")

    assert response.status_code == 200
    assert response.json()["determinations"] == row.determinations != {}


def test_evidence_lists_the_cases_of_the_figure(published, api, tree):
    row = _community_row(published, tree)
    response = api.community_desk.get(f"/assessment/rows/{row.pk}/evidence/closed")
    body = response.json()
    assert body["count"] == len(body["items"]) == row.counts["closed"] == 2
    one = api.community_desk.get(
        f"/assessment/rows/{row.pk}/evidence/closed", {"limit": 1, "offset": 1}
    ).json()
    assert one["count"] == 2
    assert [c["number"] for c in one["items"]] == [body["items"][1]["number"]]


def test_a_draft_is_the_city_offices_alone(november, office, api):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    assert (
        api.leader.get(f"/assessment/snapshots/{snapshot.pk}/rows").status_code == 404
    )
    assert (
        ApiClient(office).get(f"/assessment/snapshots/{snapshot.pk}/rows").status_code
        == 200
    )


def test_only_the_city_office_computes_and_gives_sanctions(
    published, api, tree, office
):
    row = _community_row(published, tree)
    body = {"kind": "reward", "reason": "按期结案率第一"}
    assert (
        api.leader.post(f"/assessment/rows/{row.pk}/sanctions", body).status_code == 403
    )
    recorded = Determination.objects.create(
        region=tree[COMMUNITY],
        kind=DeterminationKind.CRITICISM,
        basis="overdue",
        reason="超期未处置",
        state=DeterminationState.RECORDED,
    )
    created = ApiClient(office).post(
        f"/assessment/rows/{row.pk}/sanctions", {**body, "determination": recorded.pk}
    )
    assert created.status_code == 201
    assert created.json()["determination"] == recorded.pk
    refused = api.leader.post(
        "/assessment/snapshots", {"period": "month", "day": "2026-10-01"}
    )
    assert refused.status_code == 403


def test_bad_period_names_the_field(api, office, november):
    response = ApiClient(office).post(
        "/assessment/snapshots", {"period": "week", "day": "2026-10-01"}
    )
    assert response.status_code == 422
    assert "period" in response.json()["errors"]


def test_monthly_report_downloads_in_both_formats(november, api):
    for fmt, kind in (("xlsx", "spreadsheetml"), ("pdf", "pdf")):
        response = api.district_desk.get(
            f"/reports/monthly/{DISTRICT}", {"month": "2026-11", "format": fmt}
        )
        assert response.status_code == 200
        assert kind in response["Content-Type"]


def test_monthly_report_of_a_node_outside_is_404(november, api):
    response = api.outsider.get(f"/reports/monthly/{DISTRICT}", {"month": "2026-11"})
    assert response.status_code == 404
    assert (
        api.outsider.get(
            f"/reports/monthly/{SIBLING_DISTRICT}", {"month": "2026-11"}
        ).status_code
        == 200
    )


def test_monthly_report_refuses_a_bad_month(november, api):
    response = api.district_desk.get(
        f"/reports/monthly/{DISTRICT}", {"month": "2026-13"}
    )
    assert response.status_code == 400
    assert "month" in response.json()["errors"]


def test_the_endpoints_are_in_the_schema(api):
    paths = api.leader.get("/openapi.json").json()["paths"]
    assert "/api/v1/reports/monthly/{code}" in paths
    assert "/api/v1/assessment/rows/{pk}/evidence/{figure}" in paths
