"""The case list: scoped, filtered, counted, paginated, and "my work" for each reader."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wangge.access.tests.matrix import standing_users
from wangge.cases import services
from wangge.cases.access import (
    case_allowed_actions,
    case_is_work,
    case_steps_allowed,
    case_work_q,
)
from wangge.cases.models import Case, Satisfaction
from wangge.cases.selectors import case_details_load, case_list
from wangge.cases.tests.conftest import DEPARTMENTAL
from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.workbench.case_pages import PAGE_SIZE
from wangge.workbench.case_standing import standing_of
from wangge.workbench.case_steps import steps_offered
from wangge.workbench.tests.casework import act, closed, dispatched, file_case, handled

pytestmark = pytest.mark.django_db

LIST = "/cases/"


def numbers(response) -> list[str]:
    return [case.number for case in response.context["listing"].page.items]


def test_the_url_name_is_the_list():
    assert reverse("workbench:cases") == LIST


def test_the_grid_and_the_district_list_the_case_and_an_outsider_lists_nothing(
    client, tree, monday_morning
):
    case = file_case(tree)
    users = standing_users(tree)
    for user, expected in (
        (users.in_grid, [case.number]),
        (users.parent, [case.number]),
        (users.outsider, []),
    ):
        client.force_login(user)
        response = client.get(LIST)
        assert response.status_code == 200
        assert numbers(response) == expected
    assert case.number not in response.content.decode()


def test_signed_out_readers_are_sent_to_the_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_filters_narrow_the_list(client, tree, people):
    plain = file_case(tree)
    urgent = file_case(
        tree,
        people.worker,
        channel="patrol",
        priority="urgent",
        description="井边围挡倒了",
    )
    advert = file_case(tree, category=DEPARTMENTAL, description="违规广告牌")
    act(plain, "register", people.community_desk)
    client.force_login(people.community_desk)

    assert numbers(client.get(LIST, {"state": "registered"})) == [plain.number]
    assert numbers(client.get(LIST, {"q": "围挡"})) == [urgent.number]
    assert numbers(client.get(LIST, {"category": "E02"})) == [advert.number]
    assert numbers(client.get(LIST, {"category": DEPARTMENTAL})) == [advert.number]
    assert set(numbers(client.get(LIST, {"region": "410102001001"}))) == {
        plain.number,
        urgent.number,
        advert.number,
    }
    assert numbers(client.get(LIST, {"open": "closed"})) == []
    assert numbers(client.get(LIST, {"supervised": "yes"})) == []


def test_a_bad_filter_value_is_left_out_and_the_others_still_apply(
    client, tree, people
):
    case = file_case(tree)
    act(case, "register", people.community_desk)
    file_case(tree, description="另一件")
    client.force_login(people.community_desk)
    response = client.get(LIST, {"state": "registered", "light": "purple"})
    assert response.status_code == 200
    assert numbers(response) == [case.number]


def test_the_list_counts_open_cases_by_light(client, tree, people):
    dispatched(tree, people)
    red = dispatched(tree, people, description="过期")
    Case.objects.filter(pk=red.pk).update(light="red")
    file_case(tree)  # not registered yet, but its intake clock runs: green too
    client.force_login(people.community_desk)
    listing = client.get(LIST).context["listing"]
    assert {value: n for value, _label, n in listing.lights} == {
        "green": 2,
        "yellow": 0,
        "red": 1,
    }
    assert listing.page.count == 3


def test_the_list_is_paged_by_cursor(client, tree, people):
    for n in range(PAGE_SIZE + 2):
        file_case(tree, description=f"第{n}件")
    client.force_login(people.community_desk)
    first = client.get(LIST, {"open": "open"})
    cursor = first.context["listing"].page.next
    second = client.get(LIST, {"open": "open", "cursor": cursor})
    assert len(numbers(first)) == PAGE_SIZE
    assert len(numbers(second)) == 2
    assert not set(numbers(first)) & set(numbers(second))
    assert first.context["listing"].page.count == PAGE_SIZE + 2
    assert f"cursor={cursor}" in first.content.decode()
    assert second.context["listing"].page.next is None


def test_a_cursor_that_is_not_ours_shows_the_first_page(client, tree, people):
    case = file_case(tree)
    client.force_login(people.community_desk)
    response = client.get(LIST, {"cursor": "nonsense"})
    assert response.status_code == 200
    assert numbers(response) == [case.number]


def test_the_list_takes_as_many_queries_for_many_cases_as_for_few(client, tree, people):
    client.force_login(people.community_desk)
    file_case(tree)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"mine": "on"})
    for n in range(12):
        dispatched(tree, people, description=f"第{n}件")
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, {"mine": "on"})
    assert len(numbers(response)) == 1
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as everything:
        response = client.get(LIST)
    assert len(numbers(response)) == 13
    assert len(everything) == len(few)


def test_my_work_keeps_the_cases_waiting_for_the_reader(client, tree, people):
    waiting_for_desk = file_case(tree)
    waiting_for_community = dispatched(tree, people)
    client.force_login(people.community_desk)
    desk = client.get(LIST, {"mine": "on"})
    assert numbers(desk) == [waiting_for_desk.number]
    assert desk.context["listing"].mine_count == 1
    client.force_login(people.secretary)
    assert numbers(client.get(LIST, {"mine": "on"})) == [waiting_for_community.number]


@pytest.fixture
def cases_in_every_state(tree, people, departments):
    """A case in each state and at each kind of handling unit along the standing chain."""
    reported = file_case(tree)
    registered = file_case(tree, description="已立案")
    act(registered, "register", people.community_desk)
    in_progress = dispatched(tree, people, description="处置中")
    act(in_progress, "accept", people.secretary)
    to_department = file_case(tree, category=DEPARTMENTAL)
    act(to_department, "register", people.community_desk)
    act(
        to_department,
        "dispatch",
        people.community_desk,
        department=departments.district.code,
    )
    escalated = file_case(tree, description="上报")
    act(escalated, "register", people.community_desk)
    act(escalated, "escalate", people.community_desk, note="社区无法解决")
    at_the_city = file_case(tree, description="到市里")
    act(at_the_city, "register", people.community_desk)
    for desk in (people.community_desk, people.township_desk, people.district_desk):
        act(at_the_city, "escalate", desk, note="逐级上报")
    rejected = file_case(tree, description="不受理")
    act(rejected, "reject", people.community_desk, note="不属于受理范围")
    merged = file_case(tree, description="重复")
    act(merged, "merge", people.community_desk, into=reported.number)
    unsatisfied = closed(tree, people, description="不满意")
    services.case_rate(
        case=unsatisfied,
        actor=people.community_desk,
        satisfaction=Satisfaction.UNSATISFIED,
    )
    # Oversight waiting for an answer or a decision.
    act(registered, "dispatch", people.community_desk)
    act(registered, "accept", people.secretary)
    services.extension_request(
        case=registered, actor=people.secretary, amount=1, unit="days", reason="协调"
    )
    services.shelving_request(
        case=to_department, actor=people.district_handler, reason="需市级统筹"
    )
    services.case_supervise(
        case=escalated,
        actor=people.supervisor,
        instructions="限期办结",
        due_at=clock.now() + timedelta(days=2),
    )
    return [
        reported,
        registered,
        dispatched(tree, people, description="已派遣"),
        in_progress,
        handled(tree, people, description="待核查"),
        closed(tree, people, description="已结案"),
        unsatisfied,
        to_department,
        escalated,
        at_the_city,
        rejected,
        merged,
    ]


def test_the_case_page_offers_what_access_allows_and_my_work_lists_it(
    tree, people, cases_in_every_state
):
    assert {c.state for c in Case.objects.all()} == set(CaseState.values)
    for name, person in vars(people).items():
        expected = set()
        for case in case_list(person):
            case = case_details_load(case)
            standing = standing_of(person, case)
            offered = {step.slug for step in steps_offered(standing)}
            allowed = set(case_allowed_actions(person, case)) | {
                "photo" if step.startswith("photo_") else step
                for step in case_steps_allowed(person, case)
            }
            assert offered == allowed, (name, case.number)
            if case_is_work(person, case):
                expected.add(case.number)
        found = set(
            case_list(person)
            .filter(case_work_q(person))
            .values_list("number", flat=True)
        )
        assert found == expected, name
    # A city leader decides shelving and extensions below, and sends cases down.
    leader = people.leader
    assert set(case_list(leader).filter(case_work_q(leader))) == {
        cases_in_every_state[1],  # more time asked for
        cases_in_every_state[7],  # shelving asked for
        cases_in_every_state[9],  # registered at the city
    }
