"""GET /api/v1/regions/…, the region search and /api/v1/locate: shapes, jurisdiction and
errors."""

import pytest

from wangge.api.services import api_token_issue
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff
from wangge.regions import crs

CELL = "410102001001001"


@pytest.fixture
def as_user(client):
    """A GET as a given user, through a bearer token, in English."""

    def get(user, url, **params):
        secret, _ = api_token_issue(user=user)
        return client.get(
            url,
            params,
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    return get


@pytest.fixture
def district_desk(tree):
    """Holds a post at district 410102 only."""
    return staff("desk102", Role.DESK, tree["410102"])


@pytest.fixture
def city_admin(tree):
    return UserFactory(username="root", is_superuser=True)


def test_region_detail_has_code_name_level_parent_centroid_and_boundary(
    as_user, district_desk, tree
):
    response = as_user(district_desk, "/api/v1/regions/410102")
    assert response.status_code == 200
    region = tree["410102"]
    assert response.json() == {
        "code": "410102",
        "name": region.name,
        "level": "district",
        "parent": "410100",
        "centroid": [region.centroid_lon, region.centroid_lat],
        "boundary": region.boundary,
    }


def test_a_region_below_the_post_is_visible(as_user, district_desk):
    response = as_user(district_desk, f"/api/v1/regions/{CELL}")
    assert response.status_code == 200
    assert response.json()["parent"] == CELL[:12]


@pytest.mark.parametrize("code", ["410103", "410103001", "410100", "999999"])
def test_regions_outside_the_post_answer_404_like_missing_ones(
    as_user, district_desk, code
):
    response = as_user(district_desk, f"/api/v1/regions/{code}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
    assert as_user(district_desk, f"/api/v1/regions/{code}/children").status_code == 404


def test_the_city_has_no_parent(as_user, city_admin):
    assert as_user(city_admin, "/api/v1/regions/410100").json()["parent"] is None


def test_children_are_listed_by_code_without_boundaries(as_user, district_desk):
    response = as_user(district_desk, "/api/v1/regions/410102/children")
    assert response.status_code == 200
    children = response.json()
    assert [c["code"] for c in children] == ["410102001", "410102002"]
    assert all(c["parent"] == "410102" and "boundary" not in c for c in children)
    assert all(c["level"] == "township" for c in children)


def test_region_search_pages_through_the_callers_area(as_user, district_desk):
    first = as_user(district_desk, "/api/v1/regions/search", q="410102001", limit=2)
    second = as_user(
        district_desk, "/api/v1/regions/search", q="410102001", limit=2, offset=2
    )
    assert first.status_code == 200
    body = first.json()
    assert body["count"] > 2
    assert [r["code"] for r in body["items"]][0] == "410102001"
    assert "boundary" not in body["items"][0]
    assert second.json()["items"][0]["code"] not in {r["code"] for r in body["items"]}


def test_region_search_finds_nothing_outside_the_callers_area(as_user, district_desk):
    response = as_user(district_desk, "/api/v1/regions/search", q="410103")
    assert response.json() == {"count": 0, "items": []}


def test_locate_gives_the_path_to_the_cell(as_user, district_desk, tree):
    cell = tree[CELL]
    response = as_user(
        district_desk, "/api/v1/locate", lon=cell.centroid_lon, lat=cell.centroid_lat
    )
    assert response.status_code == 200
    path = response.json()
    assert [step["code"] for step in path] == cell.ancestor_codes
    assert path[-1] == {"level": "cell", "code": CELL, "name": cell.name}


def test_locate_converts_bd09_input(as_user, district_desk, tree):
    cell = tree[CELL]
    lon, lat = crs.wgs84_to_bd09(cell.centroid_lon, cell.centroid_lat)
    response = as_user(district_desk, "/api/v1/locate", lon=lon, lat=lat, crs="bd09")
    assert response.json()[-1]["code"] == CELL


def test_locate_outside_every_cell_answers_404_saying_so(as_user, district_desk):
    response = as_user(district_desk, "/api/v1/locate", lon=112.0, lat=30.0)
    assert response.status_code == 404
    assert "outside every grid cell" in response.json()["detail"]


def test_locate_with_an_unknown_crs_answers_400_naming_crs(as_user, district_desk):
    response = as_user(
        district_desk, "/api/v1/locate", lon=113.1, lat=34.1, crs="epsg:3857"
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["crs"]
    assert "epsg:3857" in body["detail"]


def test_locate_with_a_latitude_out_of_range_answers_422_naming_lat(
    as_user, district_desk
):
    response = as_user(district_desk, "/api/v1/locate", lon=113.1, lat=134.1)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "lat": ["Ensure this value is less than or equal to 90."]
    }


def test_locate_without_a_longitude_answers_422_naming_lon(as_user, district_desk):
    response = as_user(district_desk, "/api/v1/locate", lat=34.1)
    assert response.status_code == 422
    assert response.json()["errors"] == {"lon": ["This field is required."]}


def test_locate_needs_a_bearer(client, tree):
    assert client.get("/api/v1/locate", {"lon": 113.1, "lat": 34.1}).status_code == 401
