"""The home page's "what needs my action": each role's figures and lists, in scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wangge.workbench.tests.casework import dispatched, english, file_case

pytestmark = pytest.mark.django_db
HOME = "/"


def figures(response) -> dict[str, int]:
    return {f.slug: f.count for f in response.context["work"].figures}


def test_the_desk_sees_the_report_waiting_and_a_link_to_its_list(client, tree, people):
    case = file_case(tree, people.resident)
    english(client, people.community_desk)

    response = client.get(HOME)

    assert figures(response)["waiting"] == 1
    html = response.content.decode()
    assert "Cases waiting for me" in html
    assert case.number in html
    assert f"{reverse('workbench:cases')}?mine=on" in html


def test_the_handling_unit_and_the_supervisor_see_what_fits_them(client, tree, people):
    dispatched(tree, people)

    english(client, people.secretary)
    assert figures(client.get(HOME))["waiting"] == 1
    english(client, people.supervisor)
    supervisor = figures(client.get(HOME))
    assert "waiting" not in supervisor
    assert "area_overdue" in supervisor


def test_an_outsider_sees_no_case_of_another_area(client, tree, people):
    case = file_case(tree, people.resident)
    english(client, people.outsider)

    response = client.get(HOME)

    assert figures(response)["waiting"] == 0
    assert case.number not in response.content.decode()


def test_the_home_page_takes_a_constant_number_of_queries(client, tree, people):
    file_case(tree, people.resident)
    english(client, people.community_desk)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for _ in range(5):
        file_case(tree, people.resident)
        dispatched(tree, people)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)
    assert figures(response)["waiting"] == 6
    assert len(many) == len(few)
