"""The jurisdiction matrix: people at each level in two sibling areas see exactly their subtree."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from wangge.access import jurisdiction
from wangge.access.tests.matrix import (
    assert_three_users,
    expected_codes,
    level_matrix,
    standing_users,
)
from wangge.people.models import Post
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


def region_url(region):
    return reverse("workbench:region", args=[region.code])


def test_each_person_sees_exactly_their_subtree(tree):
    for person in level_matrix(tree):
        visible = set(
            jurisdiction.regions_visible_to(person.user).values_list("code", flat=True)
        )
        assert visible == expected_codes(person, tree), person.key


def test_each_person_opens_exactly_the_region_pages_of_their_subtree(client, tree):
    for person in level_matrix(tree):
        client.force_login(person.user)
        expected = expected_codes(person, tree)
        for code, region in tree.items():
            status = client.get(region_url(region)).status_code
            assert status == (200 if code in expected else 404), (person.key, code)


def test_home_starts_each_person_at_the_root_of_their_area(client, tree):
    for person in level_matrix(tree):
        client.force_login(person.user)
        roots = [
            s.region for s in client.get(reverse("workbench:home")).context["roots"]
        ]
        assert roots == [person.root], person.key


def test_region_search_finds_nothing_beyond_the_area(client, tree):
    person = next(p for p in level_matrix(tree) if p.key == "township:410102")
    client.force_login(person.user)
    response = client.get(reverse("workbench:region_search"), {"q": "郑州市"})
    found = {r.code for r in response.context["results"]}
    assert found == expected_codes(person, tree)


def test_three_standing_users_on_the_region_page_of_a_grid_cell(client, tree):
    assert_three_users(client, region_url, standing_users(tree), tree)


def test_a_region_that_does_not_exist_answers_like_one_outside_the_area(client, tree):
    users = standing_users(tree)
    client.force_login(users.outsider)
    missing = client.get(reverse("workbench:region", args=["999999"]))
    outside = client.get(region_url(tree["410102001001001"]))
    assert missing.status_code == outside.status_code == 404
    assert [t.name for t in missing.templates] == [t.name for t in outside.templates]


def test_an_expired_post_gives_nothing(client, tree):
    user = staff("retired", Role.GRID_CHIEF, tree["410102001001001"])
    Post.objects.filter(user=user).update(
        valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2024, 12, 31)
    )
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC)):
        assert not jurisdiction.regions_visible_to(user).exists()
        client.force_login(user)
        assert client.get(region_url(tree["410102001001001"])).status_code == 404
        assert client.get(reverse("workbench:home")).context["roots"] == ()


def test_a_post_that_has_not_started_gives_nothing_yet(tree):
    user = staff("newcomer", Role.GRID_WORKER, tree["410103001001001"])
    Post.objects.filter(user=user).update(valid_from=datetime.date(2031, 1, 1))
    with time_machine.travel(datetime.datetime(2030, 12, 31, 9, tzinfo=datetime.UTC)):
        assert not jurisdiction.regions_visible_to(user).exists()


def test_several_posts_add_up_and_nested_ones_collapse(tree):
    user = staff("many-hats", Role.GRID_WORKER, tree["410102001001001"])
    staff("many-hats", Role.COMMUNITY_SECRETARY, tree["410102001001"])
    staff("many-hats", Role.GRID_CHIEF, tree["410103002002002"])
    j = jurisdiction.jurisdiction_of(user)
    assert j.region_paths == (
        tree["410102001001"].path,
        tree["410103002002002"].path,
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    response = client.get(region_url(tree["410102"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_superuser_sees_every_region(tree, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x-Secret-42")
    assert jurisdiction.regions_visible_to(root).count() == len(tree)
