"""The intake's helpers as htmx fragments: HTTP, jurisdiction and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.cases.tests.conftest import CELL, TERRITORIAL
from wangge.workbench.tests.casework import english, file_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, people):
    return english(client, people.community_desk)


def point(tree, **extra):
    cell = tree[CELL]
    return {"lon": cell.centroid_lon, "lat": cell.centroid_lat, **extra}


def test_the_category_search_lists_matches_as_buttons(desk):
    page = desk.get("/cases/new/categories/", {"q": "C01"}).content.decode()
    assert 'data-code="C0101"' in page


def test_the_place_shows_the_cell_and_an_address(desk, tree, people):
    page = desk.get("/cases/new/place/", point(tree)).content.decode()
    assert tree[CELL].name in page
    assert "data-use-address" in page


def test_a_point_outside_the_grid_says_so(desk, tree):
    page = desk.get("/cases/new/place/", {"lon": 100, "lat": 20}).content.decode()
    assert "outside" in page


def test_bad_coordinates_answer_400(desk):
    assert desk.get("/cases/new/place/", {"lon": "east"}).status_code == 400


def test_nearby_links_the_open_reports_of_the_category_in_constant_queries(
    desk, tree, people
):
    def nearby():
        with CaptureQueriesContext(connection) as queries:
            page = desk.get("/cases/new/nearby/", point(tree, category=TERRITORIAL))
        return page.content.decode(), len(queries)

    cases = [file_case(tree, people.resident)]
    _page, with_one = nearby()
    cases += [file_case(tree, people.resident) for _ in range(4)]
    page, with_five = nearby()
    assert with_five == with_one
    for case in cases:
        assert f'href="/cases/{case.number}/"' in page


def test_nearby_shows_an_outsider_nothing(client, tree, people):
    file_case(tree, people.resident)
    english(client, people.outsider)
    page = client.get(
        "/cases/new/nearby/", point(tree, category=TERRITORIAL)
    ).content.decode()
    assert "/cases/" not in page


def test_the_intake_page_carries_the_helpers_and_the_camera(desk):
    page = desk.get("/cases/new/").content.decode()
    assert "data-category-search" in page
    assert 'id="place-context"' in page
    assert 'capture="environment"' in page


def test_the_helpers_need_a_sign_in(client):
    assert client.get("/cases/new/categories/", {"q": "C"}).status_code == 302
