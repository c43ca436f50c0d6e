"""The case page: scoped like every case read, the reporter's phone masked, the record shown."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wangge.access.tests.matrix import assert_three_users, standing_users
from wangge.cases import services
from wangge.cases.tests.conftest import DEPARTMENTAL, SHANGHAI
from wangge.workbench.tests.casework import (
    PHONE,
    act,
    dispatched,
    english,
    file_case,
    handled,
    png,
)

pytestmark = pytest.mark.django_db


def page_of(case) -> str:
    return reverse("workbench:case", args=[case.number])


def test_the_grid_and_the_district_see_the_case_and_an_outsider_gets_404(
    client, tree, monday_morning
):
    case = file_case(tree)
    users = standing_users(tree)
    assert_three_users(client, lambda cell: page_of(case), users, tree)


def test_a_case_that_does_not_exist_answers_404_like_one_outside(client, people):
    client.force_login(people.community_desk)
    assert (
        client.get(reverse("workbench:case", args=["20261130999999"])).status_code
        == 404
    )


def test_signed_out_readers_are_sent_to_the_login(client, tree, people):
    case = file_case(tree)
    response = client.get(page_of(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_reporter_phone_is_masked_for_a_leader_and_never_sent(client, tree, people):
    case = file_case(tree)
    client.force_login(people.leader)
    html = client.get(page_of(case)).content.decode()
    assert "138****5678" in html
    assert PHONE not in html


def test_the_desk_that_calls_back_reads_the_phone_in_full(client, tree, people):
    case = file_case(tree)
    client.force_login(people.community_desk)
    html = client.get(page_of(case)).content.decode()
    assert f'href="tel:{PHONE}"' in html


def test_the_timeline_lists_events_oldest_first_with_actor_post_node_and_local_time(
    client, tree, people
):
    case = dispatched(tree, people)
    english(client, people.community_desk)
    response = client.get(page_of(case))
    entries = response.context["page"].timeline
    assert [e.event.action for e in entries] == ["report", "register", "dispatch"]
    register = entries[1]
    assert register.actor == str(people.community_desk)
    assert register.role == "Intake and dispatch desk"
    assert register.node == tree["410102001001"].name
    assert register.change == "Reported → Registered"
    assert entries[2].detail == f"to {tree['410102001001'].name}"
    # 09:30 in Zhengzhou, stored in UTC (01:30): the page shows Asia/Shanghai.
    html = response.content.decode()
    assert re.search(r"2026-11-30 09:3\d", html)
    assert "2026-11-30 01:3" not in html


def test_the_desk_is_offered_register_and_the_grid_worker_only_what_the_grid_does(
    client, tree, people
):
    case = file_case(tree)
    client.force_login(people.community_desk)
    desk = client.get(page_of(case)).context["page"]
    assert [o.step.slug for o in desk.actions] == ["register", "merge", "reject"]
    client.force_login(people.worker)
    worker = client.get(page_of(case)).context["page"]
    assert [o.step.slug for o in worker.actions] == ["self_handle"]
    assert "register" not in worker.steps


def test_dispatch_preselects_the_unit_routing_suggests(
    client, tree, people, departments
):
    # A departmental case escalated to the district, whose desk sends it to its department.
    case = file_case(tree, category=DEPARTMENTAL)
    act(case, "register", people.community_desk)
    act(case, "escalate", people.community_desk, note="社区无执法权")
    act(case, "escalate", people.township_desk, note="需区城管局处理")
    client.force_login(people.district_desk)
    page = client.get(page_of(case)).context["page"]
    form = page.steps["dispatch"].form
    assert form["unit"].value() == f"department:{departments.district.code}"
    offered = {
        value
        for _group, options in form.fields["unit"].choices
        for value, _label in options
    }
    # The desk may override: the grid's community and township and the city's department too.
    assert {
        "region:410102001001",
        "region:410102001",
        f"department:{departments.city.code}",
    } <= offered


def test_the_deadline_shows_the_working_time_left(client, tree, people):
    case = dispatched(tree, people)
    english(client, people.community_desk)
    response = client.get(page_of(case))
    clock = response.context["page"].clock
    assert clock.status == "running"
    assert clock.light == "green"
    assert "working time left" in response.content.decode()


def test_a_new_report_shows_its_intake_deadline_from_the_first_minute(
    client, tree, people, monday_morning
):
    case = file_case(tree)
    english(client, people.community_desk)

    response = client.get(page_of(case))

    clock = response.context["page"].clock
    assert (clock.status, clock.deadline) == ("running", case.deadline)
    html = response.content.decode()
    assert "Stage: Intake and registration" in html
    assert case.deadline.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in html


def test_photos_are_served_to_readers_of_the_case_and_to_nobody_else(
    client, tree, people
):
    case = file_case(tree)
    photo = services.case_photo_add(
        case=case, actor=people.community_desk, stage="before", name="a.png", data=png()
    )
    url = photo.get_absolute_url()
    client.force_login(people.worker)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()
    assert url in client.get(page_of(case)).content.decode()
    client.force_login(people.outsider)
    assert client.get(url).status_code == 404


def test_possible_duplicates_are_listed_with_a_merge_button_for_the_desk(
    client, tree, people
):
    first = file_case(tree)
    second = file_case(tree, description="同一个地方的杂物")
    client.force_login(people.community_desk)
    response = client.get(page_of(second))
    assert response.context["page"].duplicates == [first]
    html = response.content.decode()
    assert f'name="merge-into" value="{first.number}"' in html


def test_the_page_takes_as_many_queries_with_a_long_record_as_with_a_short_one(
    client, tree, people
):
    case = dispatched(tree, people)
    client.force_login(people.community_desk)
    client.get(page_of(case))
    with CaptureQueriesContext(connection) as short:
        client.get(page_of(case))
    act(case, "accept", people.secretary)
    for note in ("一", "二", "三"):
        services.case_supervise(
            case=case, actor=people.supervisor, instructions=note, due_at=case.deadline
        )
        services.case_photo_add(
            case=case, actor=people.secretary, stage="after", name="a.png", data=png()
        )
    with CaptureQueriesContext(connection) as long:
        assert client.get(page_of(case)).status_code == 200
    assert len(long) == len(short)


def test_a_grid_worker_is_asked_for_the_verification_photo_before_verifying(
    client, tree, people
):
    case = handled(tree, people)
    client.force_login(people.worker)
    response = client.get(page_of(case))
    page = response.context["page"]
    assert page.photo_first
    assert [o.step.slug for o in page.actions] == ["verify_pass", "verify_fail"]
    html = response.content.decode()
    assert html.index('data-step="photo"') < html.index('data-step="verify_pass"')
    services.case_photo_add(
        case=case, actor=people.worker, stage="verification", name="v.png", data=png()
    )
    assert not client.get(page_of(case)).context["page"].photo_first
