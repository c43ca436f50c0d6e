"""The command dashboard page and its JSON refresh: HTTP behaviour and jurisdiction only
(the figures themselves are tested at `cases.statistics`)."""

import json

import pytest
from django.urls import reverse

from wangge.workbench.tests.casework import closed, english, file_case

pytestmark = pytest.mark.django_db

CITY, DISTRICT, COMMUNITY, CELL = "410100", "410102", "410102001001", "410102001001001"
SIBLING_CELL = "410103001001001"


def page(client, **params):
    return client.get(reverse("workbench:dashboard"), params)


def data(client, **params):
    return client.get(reverse("workbench:dashboard_data"), params)


def script_data(response) -> dict:
    html = response.content.decode()
    marker = 'id="dashboard-data" type="application/json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_a_leader_sees_the_dashboard_of_their_city_with_its_districts(
    client, tree, people
):
    file_case(tree, people.resident)
    english(client, people.leader)

    response = page(client)

    assert response.status_code == 200
    figures = script_data(response)["figures"]
    assert figures["region"]["code"] == CITY
    assert figures["totals"]["reported"] == 1
    assert [c["code"] for c in figures["children"]] == [DISTRICT, "410103"]
    assert "Command dashboard" in response.content.decode()


def test_the_drill_down_reaches_a_cell_with_a_breadcrumb_back(client, tree, people):
    file_case(tree, people.resident)
    english(client, people.leader)

    response = page(client, region=CELL)

    assert response.status_code == 200
    assert script_data(response)["figures"]["totals"]["reported"] == 1
    breadcrumb = response.content.decode().split('class="breadcrumb"')[1]
    assert f"region={CITY}" in breadcrumb and f"region={COMMUNITY}" in breadcrumb


@pytest.mark.parametrize("who", ["outsider", "resident", "city_handler"])
def test_outsider_gets_404(client, tree, people, who):
    english(client, getattr(people, who))

    assert page(client, region=DISTRICT).status_code == 404
    assert data(client, region=DISTRICT).status_code == 404


def test_a_resident_without_a_post_has_no_dashboard_at_all(client, tree, people):
    english(client, people.resident)

    assert page(client).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, tree):
    response = page(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_wall_view_refreshes_itself_more_often(client, tree, people):
    english(client, people.leader)

    wall = page(client, wall="1").content.decode()
    desk = page(client).content.decode()

    assert 'class="dashboard dashboard--wall"' in wall
    assert 'data-refresh-seconds="60"' in wall
    assert 'data-refresh-seconds="300"' in desk


def test_a_bad_period_answers_400_naming_the_field(client, tree, people):
    english(client, people.leader)

    response = page(client, **{"from": "2026-12-10", "to": "2026-12-01"})
    refresh = data(client, **{"from": "someday"})

    assert response.status_code == 400
    assert "The end of the period is before its start." in response.content.decode()
    assert refresh.status_code == 400
    assert "from" in refresh.json()["errors"]


def test_the_refresh_answers_the_figures_and_the_open_cases(client, tree, people):
    case = file_case(tree, people.resident)
    closed(tree, people)
    english(client, people.community_desk)

    response = data(client, region=COMMUNITY)

    assert response.status_code == 200
    body = response.json()
    assert body["figures"]["totals"]["reported"] == 2
    assert [m["number"] for m in body["markers"]] == [case.number]


def test_the_nav_links_the_dashboard_for_those_who_have_one(client, tree, people):
    english(client, people.leader)
    assert (
        reverse("workbench:dashboard")
        in client.get(reverse("workbench:home")).content.decode()
    )

    english(client, people.city_handler)
    assert (
        reverse("workbench:dashboard")
        not in client.get(reverse("workbench:home")).content.decode()
    )


def test_the_page_takes_the_same_queries_with_more_cases(client, tree, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    english(client, people.leader)
    file_case(tree, people.resident)
    counts = []
    for more in range(2):
        for _ in range(3 * more):
            file_case(tree, people.resident, cell=SIBLING_CELL)
            closed(tree, people)
        for code in (CITY, COMMUNITY, CELL):
            with CaptureQueriesContext(connection) as queries:
                assert page(client, region=code).status_code == 200
            counts.append((code, len(queries)))
    assert counts[:3] == counts[3:]
