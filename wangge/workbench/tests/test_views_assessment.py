"""Assessment pages: HTTP behaviour, jurisdiction and a constant number of queries."""

import datetime as dt

import pytest
from django.test import Client

from wangge.assessment import services
from wangge.assessment.models import SnapshotRow, UnitKind
from wangge.assessment.tests.month import (  # noqa: F401
    determinations,
    november,
    office,
)
from wangge.cases.tests.conftest import COMMUNITY, DISTRICT


@pytest.fixture
def published(november, office):  # noqa: F811
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    return services.snapshot_publish(actor=office, snapshot=snapshot)


def _client(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def _row(published, tree):
    return SnapshotRow.objects.get(
        snapshot=published, unit_kind=UnitKind.COMMUNITY, region=tree[COMMUNITY]
    )


def test_snapshot_page_ranks_the_units_of_the_readers_area(
    published, people, tree, django_assert_max_num_queries
):
    client = _client(people.district_desk)
    with django_assert_max_num_queries(20):
        response = client.get(f"/assessment/snapshots/{published.pk}/?kind=community")
    assert response.status_code == 200
    assert tree[COMMUNITY].name in response.content.decode()


def test_snapshot_and_row_pages_show_the_units_determinations(
    determinations,  # noqa: F811
    office,  # noqa: F811
    people,
    tree,
):
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    services.snapshot_publish(actor=office, snapshot=snapshot)
    client = _client(people.district_desk)

    page = client.get(f"/assessment/snapshots/{snapshot.pk}/?kind=community")
    row = client.get(f"/assessment/rows/{_row(snapshot, tree).pk}/")

    assert page.status_code == row.status_code == 200
    assert "Determinations" in page.content.decode()
    assert 'title="Reminder talk 1 · Warning 1">2</td>' in page.content.decode()
    assert '<th scope="row">Reminder talk</th><td>1</td>' in row.content.decode()


def test_row_page_shows_the_cases_behind_a_figure(published, people, tree):
    row = _row(published, tree)
    response = _client(people.community_desk).get(
        f"/assessment/rows/{row.pk}/?figure=closed"
    )
    assert response.status_code == 200
    assert response.content.decode().count("/cases/") >= 2


def test_outsider_gets_404_for_a_row(published, people, tree):
    row = _row(published, tree)
    assert (
        _client(people.outsider).get(f"/assessment/rows/{row.pk}/").status_code == 404
    )


def test_a_draft_is_404_for_everyone_but_the_office(november, office, people):  # noqa: F811
    snapshot = services.snapshot_compute(
        actor=office, period="month", day=dt.date(2026, 11, 5)
    )
    assert (
        _client(people.leader).get(f"/assessment/snapshots/{snapshot.pk}/").status_code
        == 404
    )
    assert (
        _client(office).get(f"/assessment/snapshots/{snapshot.pk}/").status_code == 200
    )


def test_office_computes_and_publishes_from_the_pages(november, office):  # noqa: F811
    client = _client(office)
    response = client.post("/assessment/", {"period": "month", "day": "2026-11-05"})
    assert response.status_code == 302
    response = client.post(response["Location"], {"publish": "1"})
    assert response.status_code == 302


def test_a_leader_may_not_compute(november, people):  # noqa: F811
    response = _client(people.leader).post(
        "/assessment/", {"period": "month", "day": "2026-11-05"}
    )
    assert response.status_code == 200
    assert "Only the city management office" in response.content.decode()


def test_report_downloads_for_a_node_in_the_area_and_404_outside(
    november,  # noqa: F811
    people,
):
    client = _client(people.district_desk)
    response = client.get(
        "/assessment/report/", {"code": DISTRICT, "month": "2026-11", "format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    outsider = _client(people.outsider).get(
        "/assessment/report/", {"code": DISTRICT, "month": "2026-11"}
    )
    assert outsider.status_code == 404
