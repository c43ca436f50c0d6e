"""The home page: the reader's posts and the top regions of their jurisdiction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wangge.people import services
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff


@pytest.fixture(autouse=True)
def in_english(client):
    """These tests read the English interface (the default language is Chinese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def test_home_shows_the_posts_and_the_roots_with_counts(client, tree):
    user = staff("many-hats", Role.FIRST_RESPONSIBLE, tree["410102001"])
    services.post_assign(user, Role.GRID_CHIEF, tree["410103002002002"])
    client.force_login(user)
    response = client.get(reverse("workbench:home"))
    roots = response.context["roots"]
    assert [(r.region.code, r.counts) for r in roots] == [
        ("410102001", (("communities", 2), ("grid cells", 4))),
        ("410103002002002", ()),
    ]
    html = response.content.decode()
    assert "First responsible person" in html
    assert "Grid chief" in html
    assert reverse("workbench:region", args=["410103002002002"]) in html


def test_home_says_so_when_the_reader_holds_no_post(client, tree):
    client.force_login(UserFactory())
    response = client.get(reverse("workbench:home"))
    assert response.context["roots"] == ()
    assert "You hold no post in force" in response.content.decode()


def test_home_takes_a_fixed_number_of_queries_however_many_posts(client, tree):
    user = staff("chief", Role.GRID_CHIEF, tree["410102001001001"])
    client.force_login(user)
    client.get(reverse("workbench:home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workbench:home"))
    for code in ("410102001001002", "410103001001001", "410103002002001"):
        services.post_assign(user, Role.GRID_CHIEF, tree[code])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("workbench:home"))
    assert len(many) == len(few)


def test_the_header_shows_the_name_the_posts_and_a_logout_form(client, tree):
    user = staff("chief", Role.GRID_CHIEF, tree["410102001001001"])
    user.display_name = "李网格长"
    user.save()
    client.force_login(user)
    html = client.get(reverse("workbench:home")).content.decode()
    assert "李网格长" in html
    assert f'action="{reverse("logout")}" method="post"' in html
    assert f'action="{reverse("set_language")}" method="post"' in html


def test_logging_out_takes_a_post_and_ends_the_session(client, tree):
    client.force_login(staff("chief", Role.GRID_CHIEF, tree["410102001001001"]))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 302
