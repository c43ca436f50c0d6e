"""`GET /api/v1/catalog`: the category tree, through the router the API mounts."""

import pytest
from ninja.testing import TestClient

from wangge.catalogue.api import router
from wangge.catalogue.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return TestClient(router)


def test_catalog_returns_the_tree_with_codes_names_and_attributes(api):
    response = api.get("/catalog")
    assert response.status_code == 200
    tree = response.json()
    assert len(tree) == Category.objects.filter(parent__isnull=True).count()
    manhole = tree[0]["children"][0]
    assert (manhole["code"], manhole["name"]) == ("C0101", "井盖缺失")
    assert manhole["attributes"][0] == {
        "code": "cover_type",
        "label": "井盖类型",
        "type": "choice",
        "choices": manhole["attributes"][0]["choices"],
        "required": True,
        "help": manhole["attributes"][0]["help"],
    }
    assert manhole["responsibility"]["type"] == "departmental"
    assert set(manhole["default_units"]) == {
        "city",
        "district",
        "township",
        "community",
    }


def test_catalog_filters_by_kind(api):
    tree = api.get("/catalog?kind=improvement").json()
    assert [major["name"] for major in tree] == ["城市提升"]
    assert len(tree[0]["children"]) == 13


def test_catalog_refuses_an_unknown_kind(api):
    assert api.get("/catalog?kind=rumour").status_code == 422


def test_one_category_by_code(api):
    response = api.get("/catalog/E0301")
    assert response.status_code == 200
    assert response.json()["limit"]["amount"] == 10


def test_unknown_or_major_category_answers_404(api):
    assert api.get("/catalog/NOPE").status_code == 404
    response = api.get("/catalog/E03")
    assert response.status_code == 404
    assert "E03" in response.json()["detail"]
