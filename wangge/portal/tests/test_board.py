"""The notice board's selectors: who is named, what is counted, and how sections join."""

import pytest
from django.http import Http404

from wangge.people.models import Post, WorkTeam
from wangge.people.roles import Role
from wangge.portal import board
from wangge.portal.models import PublicContact
from wangge.portal.tests.conftest import (
    CELL,
    CHIEF_PRIVATE_PHONE,
    COMMUNITY,
    OFFICE_PHONE,
    close,
    file_report,
)

pytestmark = pytest.mark.django_db


def test_a_cells_board_names_its_grid_and_who_answers_above(tree, people):
    people.chief.phone = CHIEF_PRIVATE_PHONE
    people.chief.save()
    post = Post.objects.get(user=people.chief)
    PublicContact.objects.create(post=post, office_phone=OFFICE_PHONE)

    section = board.notice_board_get(CELL).section("people")

    own = {(p.role, p.name, p.office_phone) for p in section.data["own"]}
    assert own == {
        ("grid_chief", str(people.chief), OFFICE_PHONE),
        ("grid_worker", str(people.worker), ""),
    }
    assert {p.role for p in section.data["above"]} == {
        "community_secretary",
        "first_responsible",
    }
    assert CHIEF_PRIVATE_PHONE not in repr(section.data)
    assert [str(role) for role, _duty in section.data["duties"]] == [
        str(Role.GRID_CHIEF.label),
        str(Role.GRID_WORKER.label),
    ]


def test_the_figures_count_the_regions_cases(tree, people):
    file_report(tree)
    close(file_report(tree, description="第二个").case, people)
    figures = board.notice_board_get(COMMUNITY).section("figures").data
    assert (figures["open"], figures["received"], figures["closed"]) == (1, 2, 1)
    assert figures["closed_rate"] == 50 and figures["satisfied_rate"] is None


def test_work_teams_of_the_township_show_on_its_boards(tree, people, departments):
    WorkTeam.objects.create(
        name="市城管局群众工作队",
        department=departments.city,
        township=tree[CELL[:9]],
        leader=people.city_handler,
    )
    teams = board.notice_board_get(CELL).section("work_teams").data
    assert [t["name"] for t in teams] == ["市城管局群众工作队"]
    assert teams[0]["leader"] == str(people.city_handler)


@pytest.mark.parametrize("code", ["410100", "410102", "999999999"])
def test_only_townships_communities_and_cells_have_a_board(tree, code):
    with pytest.raises(Http404):
        board.notice_board_get(code)


def test_a_cells_board_has_its_sections_in_order(tree):
    keys = [s.key for s in board.notice_board_get(CELL).sections]
    assert keys == ["people", "commitments", "figures", "work_teams", "opinions"]
