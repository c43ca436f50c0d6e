"""Posts and work teams are written through services that name the offending field."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from wangge.people import services
from wangge.people.roles import ROLE_LEVELS, Role
from wangge.people.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

LEVEL_EXAMPLE = {
    "city": "410100",
    "district": "410102",
    "township": "410102001",
    "community": "410102001001",
    "cell": "410102001001001",
}


def field_errors(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


@pytest.mark.parametrize(
    ("role", "level"),
    [
        (role, level)
        for role in Role.values
        if role != Role.DEPARTMENT_HANDLER
        for level in LEVEL_EXAMPLE
    ],
)
def test_a_role_may_sit_only_at_the_levels_it_allows(tree, role, level):
    user = UserFactory()
    region = tree[LEVEL_EXAMPLE[level]]
    if level in ROLE_LEVELS[role]:
        post = services.post_assign(user, role, region)
        assert (post.role, post.region) == (role, region)
    else:
        with pytest.raises(ValidationError) as excinfo:
            services.post_assign(user, role, region)
        assert field_errors(excinfo) == {"region"}


def test_a_department_handler_needs_a_department(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.post_assign(UserFactory(), Role.DEPARTMENT_HANDLER, tree["410102"])
    assert field_errors(excinfo) == {"department"}


def test_a_department_handler_sits_at_the_region_of_their_department(tree):
    department = DepartmentFactory(region=tree["410103"], kind="urban_management")
    with pytest.raises(ValidationError) as excinfo:
        services.post_assign(
            UserFactory(), Role.DEPARTMENT_HANDLER, tree["410102"], department
        )
    assert field_errors(excinfo) == {"region"}
    post = services.post_assign(
        UserFactory(), Role.DEPARTMENT_HANDLER, tree["410103"], department
    )
    assert post.department == department


def test_a_post_cannot_end_before_it_starts(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.post_assign(
            UserFactory(),
            Role.GRID_WORKER,
            tree["410102001001001"],
            valid_from=datetime.date(2025, 5, 1),
            valid_until=datetime.date(2025, 4, 30),
        )
    assert field_errors(excinfo) == {"valid_until"}


def test_an_unknown_role_is_refused(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.post_assign(UserFactory(), "mayor", tree["410100"])
    assert field_errors(excinfo) == {"role"}


def test_one_person_may_hold_several_posts_but_not_the_same_one_twice(tree):
    user = UserFactory()
    services.post_assign(user, Role.GRID_WORKER, tree["410102001001001"])
    services.post_assign(user, Role.GRID_CHIEF, tree["410102001001001"])
    services.post_assign(user, Role.GRID_WORKER, tree["410102001001002"])
    with pytest.raises(ValidationError) as excinfo:
        services.post_assign(user, Role.GRID_WORKER, tree["410102001001001"])
    assert field_errors(excinfo) == {"role"}
    assert user.posts.count() == 3


def test_the_same_post_may_be_held_again_after_it_ended(tree):
    user = UserFactory()
    first = services.post_assign(
        user,
        Role.GRID_WORKER,
        tree["410102001001001"],
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2022, 12, 31),
    )
    again = services.post_assign(
        user,
        Role.GRID_WORKER,
        tree["410102001001001"],
        valid_from=datetime.date(2023, 1, 1),
    )
    assert first.pk != again.pk


def test_a_post_cannot_be_ended_before_it_started_or_twice(tree):
    post = services.post_assign(
        UserFactory(),
        Role.DESK,
        tree["410102"],
        valid_from=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.post_end(post, datetime.date(2023, 12, 31))
    assert field_errors(excinfo) == {"valid_until"}
    services.post_end(post, datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError):
        services.post_end(post, datetime.date(2024, 5, 1))


def test_a_work_team_goes_to_a_township_of_its_department_area(tree):
    department = DepartmentFactory(region=tree["410100"], kind="housing")
    leader, member = UserFactory(), UserFactory()
    team = services.work_team_create(
        name="住建局驻1-1工作队",
        department=department,
        township=tree["410102001"],
        leader=leader,
        members=[member],
    )
    assert set(team.members.all()) == {leader, member}
    with pytest.raises(ValidationError) as excinfo:
        services.work_team_create(
            name="wrong", department=department, township=tree["410102001001"]
        )
    assert field_errors(excinfo) == {"township"}


def test_a_district_department_cannot_send_a_team_to_another_district(tree):
    department = DepartmentFactory(region=tree["410102"], kind="environment")
    with pytest.raises(ValidationError) as excinfo:
        services.work_team_create(
            name="wrong", department=department, township=tree["410103001"]
        )
    assert field_errors(excinfo) == {"department"}


def test_adding_a_member_twice_keeps_one_membership(tree):
    department = DepartmentFactory(region=tree["410100"], kind="safety")
    team = services.work_team_create(
        name="team", department=department, township=tree["410103002"]
    )
    member = UserFactory()
    services.work_team_add_member(team, member)
    services.work_team_add_member(team, member)
    assert list(team.members.all()) == [member]


def test_a_disbanded_team_takes_no_new_members(tree):
    department = DepartmentFactory(region=tree["410100"], kind="safety")
    team = services.work_team_create(
        name="team", department=department, township=tree["410103002"]
    )
    team.ended_on = datetime.date(2020, 1, 1)
    team.save()
    with pytest.raises(ValidationError) as excinfo:
        services.work_team_add_member(team, UserFactory())
    assert field_errors(excinfo) == {"members"}
