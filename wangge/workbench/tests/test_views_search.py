"""Region search: by name or code, inside the reader's area; htmx gets the result list only."""

import pytest
from django.urls import reverse

from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, tree):
    user = staff("desk", Role.DESK, tree["410103"])
    client.force_login(user)
    return user


def test_search_by_code_prefix(client, reader):
    response = client.get(reverse("workbench:region_search"), {"q": "410103002"})
    codes = [r.code for r in response.context["results"]]
    assert codes[0] == "410103002"
    assert all(code.startswith("410103002") for code in codes)
    assert len(codes) == 7


def test_search_by_name_stays_inside_the_area(client, reader):
    response = client.get(reverse("workbench:region_search"), {"q": "郑州市-1"})
    assert response.context["results"] == []


def test_htmx_gets_only_the_result_list(client, reader):
    url = reverse("workbench:region_search")
    partial = client.get(url, {"q": "410103001"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert reverse("workbench:region", args=["410103001"]) in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    full = client.get(url, {"q": "410103001"})
    assert "<html" in full.content.decode()


def test_an_empty_query_finds_nothing(client, reader):
    response = client.get(reverse("workbench:region_search"), {"q": "  "})
    assert response.context["results"] == []
