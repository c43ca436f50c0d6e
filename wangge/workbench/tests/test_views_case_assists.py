"""Handling inside the grid and co-handling on the case page: forms that work without JS."""

from datetime import timedelta

import pytest
from django.urls import reverse

from wangge.cases import services
from wangge.cases.models import CaseAssist, CaseEvent
from wangge.cases.tests.conftest import CELL
from wangge.core import clock
from wangge.workbench.tests.casework import act, closed, dispatched, english, file_case

pytestmark = pytest.mark.django_db


def step_url(case, step: str) -> str:
    return reverse("workbench:case_step", args=[case.number, step])


def offered(client, case) -> set[str]:
    return set(client.get(case.get_absolute_url()).context["page"].steps)


def test_the_desk_dispatches_to_the_cell_and_the_grid_chief_accepts_on_the_page(
    client, tree, people
):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    client.force_login(people.community_desk)
    form = client.get(case.get_absolute_url()).context["page"].steps["dispatch"].form
    units = [
        value
        for _group, options in form.fields["unit"].choices
        if isinstance(options, list)
        for value, _label in options
    ]
    assert f"region:{CELL}" in units
    client.post(step_url(case, "dispatch"), {"dispatch-unit": f"region:{CELL}"})
    client.force_login(people.chief)
    assert client.post(step_url(case, "accept")).status_code == 302

    case.refresh_from_db()
    assert (case.state, case.handler_region_id) == ("in_progress", tree[CELL].pk)


def test_the_lead_asks_for_help_and_the_assisting_unit_takes_its_part_on_the_page(
    client, tree, people, departments
):
    case = dispatched(tree, people)
    act(case, "accept", people.secretary)
    english(client, people.secretary)
    assert "assist_add" in offered(client, case)

    response = client.post(
        step_url(case, "assist_add"),
        {
            "assist_add-unit": f"department:{departments.district.code}",
            "assist_add-task": "清运建筑垃圾",
        },
    )
    assert response.status_code == 302
    assist = CaseAssist.objects.get(case=case)

    english(client, people.district_handler)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Assisting units" in page.content.decode()
    assert "assist_accept" in page.context["page"].steps
    assert (
        client.post(
            step_url(case, "assist_accept"), {"assist_accept-assist": assist.pk}
        ).status_code
        == 302
    )
    response = client.post(
        step_url(case, "assist_report"),
        {"assist_report-assist": assist.pk, "assist_report-report": "已清运"},
    )
    assert response.status_code == 302
    assert [e.action for e in CaseEvent.objects.filter(case=case)][-3:] == [
        "assist_add",
        "assist_accept",
        "assist_report",
    ]
    assert "assist_report" not in offered(client, case)


def test_a_supervisor_is_not_offered_a_reply_to_their_own_order(client, tree, people):
    case = dispatched(tree, people)
    for desk in (people.community_desk, people.township_desk, people.district_desk):
        act(case, "escalate", desk, note="逐级上报")
    services.case_supervise(
        case=case,
        actor=people.supervisor,
        instructions="限期办结",
        due_at=clock.now() + timedelta(days=1),
    )
    client.force_login(people.supervisor)
    assert "supervision_reply" not in offered(client, case)
    client.force_login(people.city_desk)
    assert "supervision_reply" in offered(client, case)


def test_a_closed_case_offers_no_photo_no_second_rating_and_leaves_my_work(
    client, tree, people
):
    case = closed(tree, people)
    services.case_rate(case=case, actor=people.community_desk, satisfaction="satisfied")
    for person in (people.worker, people.secretary, people.community_desk):
        client.force_login(person)
        assert not {"photo", "rate", "extension_request"} & offered(client, case)
        listing = client.get("/cases/", {"mine": "on"}).context["listing"]
        assert case not in listing.page.items


def test_a_self_report_does_not_say_it_was_taken_in_by_its_reporter(
    client, tree, people
):
    patrol = file_case(tree, people.worker, channel="patrol", description="巡查发现")
    own = file_case(tree, people.resident, description="居民自报")
    hotline = file_case(tree, people.community_desk, channel="hotline")
    english(client, people.community_desk)

    for case, says in ((patrol, False), (own, False), (hotline, True)):
        html = client.get(case.get_absolute_url()).content.decode()
        assert ("taken in by" in html) is says, case.channel


def test_the_timeline_says_the_lead_handled_over_an_open_part(
    client, tree, people, departments
):
    case = dispatched(tree, people)
    act(case, "accept", people.secretary)
    services.assist_add(
        case=case,
        actor=people.community_desk,
        task="清运",
        department=departments.district.code,
    )
    act(case, "handle", people.secretary, note="部门未到场，社区已清理")
    english(client, people.community_desk)

    html = client.get(case.get_absolute_url()).content.decode()

    assert f"while {departments.district.name} had not reported their part" in html
