"""The REST twins of the intake's helpers: HTTP, jurisdiction and the schema."""

import pytest

from wangge.cases.tests import conftest as cases_conftest
from wangge.cases.tests.conftest import CELL, TERRITORIAL
from wangge.workbench.tests.casework import file_case

pytestmark = pytest.mark.django_db

api = cases_conftest.api


def point(tree, **extra):
    cell = tree[CELL]
    return {"lon": cell.centroid_lon, "lat": cell.centroid_lat, **extra}


def test_catalog_search_answers_codes_and_names(api):
    hits = api.worker.get("/catalog/search", {"q": "井盖"}).json()
    assert "C0101" in [hit["code"] for hit in hits]


def test_locate_context_names_the_cell_community_and_address(api, tree):
    body = api.community_desk.get("/locate/context", point(tree)).json()
    assert body["cell"]["code"] == CELL
    assert body["community"]["code"] == CELL[:12]
    assert body["address"]
    assert [step["level"] for step in body["path"]][-1] == "cell"


def test_locate_context_outside_the_grid_is_404(api):
    assert api.worker.get("/locate/context", {"lon": 100, "lat": 20}).status_code == 404


def test_locate_context_with_an_unknown_crs_names_it(api, tree):
    response = api.worker.get("/locate/context", point(tree, crs="mars"))
    assert response.status_code == 400
    assert "crs" in response.json()["errors"]


def test_nearby_lists_what_the_caller_may_see(api, tree, people):
    case = file_case(tree, people.resident)
    mine = api.community_desk.get("/cases/nearby", point(tree, category=TERRITORIAL))
    theirs = api.outsider.get("/cases/nearby", point(tree, category=TERRITORIAL))
    assert [item["number"] for item in mine.json()["items"]] == [case.number]
    assert theirs.json() == {"items": []}


def test_nearby_with_an_unknown_category_names_it(api, tree):
    response = api.worker.get("/cases/nearby", point(tree, category="ZZ99"))
    assert response.status_code == 400
    assert "category" in response.json()["errors"]


def test_the_helpers_are_in_the_openapi_schema(api):
    paths = api.worker.client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/catalog/search",
        "/api/v1/locate/context",
        "/api/v1/cases/nearby",
    } <= set(paths)
