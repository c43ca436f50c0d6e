"""Region search page: the reader's results, at most a screenful; htmx gets the list only."""

import pytest
from django.urls import reverse

from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.workbench.views.regions import SEARCH_LIMIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, tree):
    user = staff("desk", Role.DESK, tree["410103"])
    client.force_login(user)
    return user


def test_the_page_lists_the_regions_found(client, reader):
    response = client.get(reverse("workbench:region_search"), {"q": "410103002"})
    codes = [r.code for r in response.context["results"]]
    assert codes[0] == "410103002"
    assert 1 < len(codes) <= SEARCH_LIMIT


def test_htmx_gets_only_the_result_list(client, reader):
    url = reverse("workbench:region_search")
    partial = client.get(url, {"q": "410103001"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert reverse("workbench:region", args=["410103001"]) in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    full = client.get(url, {"q": "410103001"})
    assert "<html" in full.content.decode()
