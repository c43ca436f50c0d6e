"""People are read through selectors scoped by jurisdiction, with phones masked on the server."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.access import people as selectors
from wangge.people import services
from wangge.people.roles import Role
from wangge.people.tests.factories import DepartmentFactory, UserFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(tree):
    """Who answers for cell 410102001001001 and the grids above it, each with a phone."""
    people = {
        "chief": staff("chief", Role.GRID_CHIEF, tree["410102001001001"]),
        "worker": staff("worker", Role.GRID_WORKER, tree["410102001001001"]),
        "secretary": staff("secretary", Role.COMMUNITY_SECRETARY, tree["410102001001"]),
        "first": staff("first", Role.FIRST_RESPONSIBLE, tree["410102001"]),
        "neighbour": staff("neighbour", Role.GRID_CHIEF, tree["410102001001002"]),
    }
    for i, user in enumerate(people.values()):
        user.phone = f"1380000{i:04d}"
        user.save()
    return people


def test_posts_for_region_lists_who_answers_for_it_first(grid, tree):
    cards = selectors.posts_for_region(grid["first"], tree["410102001001001"])
    assert [(c.role, c.person.name) for c in cards] == [
        (Role.GRID_CHIEF, str(grid["chief"])),
        (Role.GRID_WORKER, str(grid["worker"])),
    ]
    assert all(not c.person.phone_masked for c in cards)


def test_posts_for_region_is_empty_outside_the_readers_area(grid, tree):
    outsider = staff("outsider", Role.DESK, tree["410103"])
    assert selectors.posts_for_region(outsider, tree["410102001001001"]) == []


def test_ended_posts_are_not_listed(grid, tree):
    services.post_end(grid["worker"].posts.get(), datetime.date(2020, 1, 1))
    cards = selectors.posts_for_region(grid["chief"], tree["410102001001001"])
    assert [c.role for c in cards] == [Role.GRID_CHIEF]


def test_a_grid_worker_sees_who_answers_above_with_phones_masked(grid, tree):
    chain = selectors.responsible_chain_for_region(
        grid["worker"], tree["410102001001001"]
    )
    assert [(c.role, c.region.code) for c in chain] == [
        (Role.FIRST_RESPONSIBLE, "410102001"),
        (Role.COMMUNITY_SECRETARY, "410102001001"),
    ]
    for card in chain:
        assert card.person.phone_masked
        assert card.person.phone.count("*") == 4


def test_the_first_responsible_person_reads_the_phones_below_in_full(grid, tree):
    chain = selectors.responsible_chain_for_region(
        grid["first"], tree["410102001001001"]
    )
    secretary = next(c for c in chain if c.role == Role.COMMUNITY_SECRETARY)
    assert secretary.person.phone == grid["secretary"].phone
    assert not secretary.person.phone_masked


def test_posts_of_user_lists_the_readers_posts_in_force(grid, tree):
    user = grid["worker"]
    services.post_assign(user, Role.DESK, tree["410102001001"])
    assert [(c.role, c.region.code) for c in selectors.posts_of_user(user)] == [
        (Role.DESK, "410102001001"),
        (Role.GRID_WORKER, "410102001001001"),
    ]


def test_work_teams_show_members_to_the_township_and_mask_them_for_others(tree):
    department = DepartmentFactory(region=tree["410100"], kind="housing")
    member = UserFactory(phone="13912345678")
    services.work_team_create(
        name="住建局工作队",
        department=department,
        township=tree["410102001"],
        members=[member],
    )
    first = staff("first", Role.FIRST_RESPONSIBLE, tree["410102001"])
    [team] = selectors.work_teams_for_township(first, tree["410102001"])
    assert team.department == department.name
    assert [m.phone for m in team.members] == ["13912345678"]
    worker = staff("worker", Role.GRID_WORKER, tree["410102001001001"])
    assert selectors.work_teams_for_township(worker, tree["410102001"]) == []


def test_region_posts_take_a_fixed_number_of_queries(grid, tree):
    for i in range(5):
        staff(f"extra{i}", Role.GRID_WORKER, tree["410102001001001"])
    with CaptureQueriesContext(connection) as queries:
        selectors.posts_for_region(grid["first"], tree["410102001001001"])
    assert len(queries) <= 2


def test_responsible_names_are_given_for_the_regions_inside_the_area(grid, tree):
    cells = [tree["410102001001001"], tree["410102001001002"], tree["410103001001001"]]
    staff("far-chief", Role.GRID_CHIEF, tree["410103001001001"])
    names = selectors.responsible_names_for(grid["secretary"], cells)
    assert names == {
        tree["410102001001001"].pk: [str(grid["chief"])],
        tree["410102001001002"].pk: [str(grid["neighbour"])],
    }
