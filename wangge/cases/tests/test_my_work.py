"""What waits for each role: the figures of the home page, from the rules of "my work"."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.cases import services
from wangge.cases.my_work import ROLE_FIGURES, figures_for_roles, my_work
from wangge.cases.sla import Light
from wangge.cases.tests.work import dispatched, file_case, registered
from wangge.core import clock
from wangge.people.roles import Role

pytestmark = pytest.mark.django_db


def counts(user) -> dict[str, int]:
    return {f.slug: f.count for f in my_work(user).figures}


def test_every_role_has_its_figures_and_several_posts_see_the_union():
    assert set(ROLE_FIGURES) == set(Role)
    both = figures_for_roles({Role.DESK, Role.LEADER})
    assert "extensions" in both and "shelvings" in both
    assert len(both) == len(set(both))


def test_a_desk_counts_the_reports_it_must_take_in(tree, people):
    file_case(tree, people.resident)
    registered(tree, people)

    found = counts(people.community_desk)

    assert found["waiting"] == 2
    work = my_work(people.community_desk)
    assert len(work.lists[0].cases) == 2


def test_the_handling_unit_counts_its_dispatch_and_an_outsider_nothing(tree, people):
    dispatched(tree, people)

    assert counts(people.secretary)["waiting"] == 1
    assert counts(people.outsider)["waiting"] == 0


def test_an_overdue_case_counts_as_red_and_comes_first(tree, people):
    calm = file_case(tree, people.resident)
    late = file_case(tree, people.resident)
    late.light = Light.RED
    late.deadline = clock.now() - timedelta(hours=1)
    late.save(update_fields=["light", "deadline"])

    found = counts(people.community_desk)
    urgent = my_work(people.community_desk).lists[0].cases

    assert found["overdue"] == 1
    assert [c.number for c in urgent] == [late.number, calm.number]


def test_a_supervision_order_waits_for_the_handling_unit(tree, people):
    case = dispatched(tree, people)
    services.case_supervise(
        case=case,
        actor=people.supervisor,
        instructions="三日内清理完毕",
        due_at=clock.now() + timedelta(days=3),
    )

    assert counts(people.secretary)["orders"] == 1
    assert counts(people.supervisor)["issued_open"] == 1
    assert counts(people.supervisor)["area_supervised"] == 1


def test_an_extension_request_waits_for_the_desk_above(tree, people):
    case = dispatched(tree, people)
    services.extension_request(
        case=case, actor=people.secretary, amount=2, unit="days", reason="雨天"
    )

    assert counts(people.community_desk)["extensions"] == 1
    assert counts(people.leader)["extensions"] == 1


def test_a_department_handler_sees_its_queue(tree, people, departments):
    case = registered(tree, people)
    services.case_transition(
        case=case,
        action="dispatch",
        actor=people.community_desk,
        params={"department": departments.district.code},
    )

    assert counts(people.district_handler)["queue"] == 1
    assert counts(people.city_handler)["queue"] == 0


@pytest.mark.parametrize(
    "name", ["community_desk", "secretary", "supervisor", "leader", "district_handler"]
)
def test_the_figures_take_the_same_few_queries_whatever_the_data(tree, people, name):
    user = getattr(people, name)
    my_work(user)
    with CaptureQueriesContext(connection) as few:
        my_work(user)
    for _ in range(4):
        dispatched(tree, people)
    registered(tree, people)
    user = type(user).objects.get(pk=user.pk)
    my_work(user)
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as many:
        my_work(user)
    assert len(many) <= len(few) + 2  # the user's posts and scope, read once afresh
    assert len(many) <= 10
