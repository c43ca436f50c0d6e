"""The responsibility pages: each renders for the township in a bounded number of queries,
an outsider gets 404, and a form posts through its service (refusals land on the form)."""

import pytest
from django.urls import reverse

from wangge.cases.tests.conftest import CELL, TOWNSHIP
from wangge.cases.tests.steps import act, file_case
from wangge.linkage.models import (
    Commitment,
    ContactPoint,
    ContactResolution,
    ContactVisit,
    Contract,
    Determination,
)
from wangge.linkage.services.accountability import determination_propose
from wangge.linkage.tests import conftest as linkage_fixtures

contractors = linkage_fixtures.contractors
team = linkage_fixtures.team


@pytest.fixture
def point(tree):
    return ContactPoint.objects.create(
        leader_name="领导甲",
        source_name="某街道办事处",
        township=tree[TOWNSHIP],
        resolution=ContactResolution.EXACT,
    )


@pytest.fixture
def proposed(tree, people):
    case = act(file_case(tree, people.resident), "register", people.community_desk)
    act(case, "escalate", people.community_desk, note="无法处置")
    return determination_propose(
        actor=people.supervisor,
        region=tree[TOWNSHIP],
        kind="warning",
        basis="overdue_escalated",
        reason="逾期",
        persons=[people.first_responsible],
        case_numbers=[case.number],
    )


def _pages(point, team, proposed):
    return [
        reverse("workbench:linkage:index"),
        reverse("workbench:linkage:chain", args=[CELL]),
        reverse("workbench:linkage:contracts"),
        reverse("workbench:linkage:contact_points"),
        reverse("workbench:linkage:contact_point", args=[point.pk]),
        reverse("workbench:linkage:teams"),
        reverse("workbench:linkage:team", args=[team.pk]),
        reverse("workbench:linkage:commitments"),
        reverse("workbench:linkage:opinions"),
        reverse("workbench:linkage:accountability"),
        reverse("workbench:linkage:determination", args=[proposed.pk]),
    ]


def test_every_page_renders_for_the_township_in_bounded_queries(
    client, people, contractors, point, team, proposed, django_assert_max_num_queries
):
    client.force_login(people.first_responsible)
    for url in _pages(point, team, proposed):
        with django_assert_max_num_queries(40):
            response = client.get(url)
        assert response.status_code == 200, url


def test_an_outsider_gets_404_on_every_detail_page(
    client, people, point, team, proposed
):
    client.force_login(people.outsider)
    for url in _pages(point, team, proposed)[4:]:
        if url.endswith(
            ("/work-teams/", "/commitments/", "/opinions/", "/accountability/")
        ):
            continue
        assert client.get(url).status_code == 404, url
    assert (
        client.get(reverse("workbench:linkage:chain", args=[CELL])).status_code == 404
    )


def test_a_leader_records_a_visit_and_a_refusal_lands_on_the_form(
    client, people, point
):
    client.force_login(people.leader)
    url = reverse("workbench:linkage:visit_create", args=[point.pk])

    refused = client.post(
        url, {"visited_on": "2026-11-30", "visitors": "", "topics": "调研"}
    )
    done = client.post(
        url, {"visited_on": "2026-11-30", "visitors": "领导甲", "topics": "调研"}
    )

    assert refused.status_code == 400
    assert done.status_code == 302
    assert ContactVisit.objects.count() == 1


def test_a_grid_chief_publishes_a_commitment_from_the_page(client, people):
    client.force_login(people.chief)
    response = client.post(
        reverse("workbench:linkage:commitments"),
        {"region": CELL, "title": "一周内修好路灯", "due_on": "2026-12-07"},
    )
    assert response.status_code == 302
    assert Commitment.objects.get().author == people.chief


def test_a_leader_approves_a_determination_from_its_page(client, people, proposed):
    client.force_login(people.leader)
    page = client.get(reverse("workbench:linkage:determination", args=[proposed.pk]))
    assert b'data-step="approve"' in page.content

    response = client.post(
        reverse("workbench:linkage:act", args=[proposed.pk, "approve"])
    )

    assert response.status_code == 302
    assert Determination.objects.get().state == "approved"


def test_a_leader_hands_a_cell_over_to_a_new_cadre_from_the_contracts_page(
    client, people, contractors
):
    old = Contract.objects.get(person=contractors.cadre)
    client.force_login(people.leader)

    response = client.post(
        reverse("workbench:linkage:contracts"),
        {
            "kind": "community_cadre",
            "region": CELL,
            "person": "secretary",
            "valid_from": "2026-11-30",
            "replaces": old.pk,
        },
    )

    assert response.status_code == 302
    old.refresh_from_db()
    assert str(old.valid_until) == "2026-11-29"
    assert Contract.objects.active().get(region__code=CELL).person == people.secretary
