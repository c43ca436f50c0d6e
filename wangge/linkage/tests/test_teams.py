"""Work teams: roster, tasks, logs raising cases, figures, the public view, jurisdiction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from wangge.linkage.selectors.teams import (
    public_work_teams_for_region,
    team_figures,
    team_get_for_user,
)
from wangge.linkage.services.problems import Problem, problem_report
from wangge.linkage.services.teams import (
    team_log_record,
    team_member_add,
    team_member_leave,
    team_task_add,
    team_task_done,
)
from wangge.linkage.tests.conftest import CELL
from wangge.people.tests.factories import UserFactory

TODAY = datetime.date(2026, 11, 30)


def test_a_member_log_raises_its_problems_as_cases_and_counts_in_the_figures(
    tree, people, team, member
):
    cell = tree[CELL]
    problem = problem_report(
        Problem(
            category="E0605",
            description="垃圾堆积",
            lon=cell.centroid_lon,
            lat=cell.centroid_lat,
            channel="resident",
        ),
        member,
    )
    log = team_log_record(
        actor=member,
        team=team,
        kind="visit",
        day=TODAY,
        summary="走访12户",
        households=12,
        problems=[problem],
    )
    team_log_record(
        actor=member, team=team, kind="diary", day=TODAY, summary="民情日记"
    )
    task = team_task_add(actor=member, team=team, title="整治背街小巷", due_on=TODAY)
    team_task_done(actor=member, task=task, result="已完成")

    assert log.cases.count() == 1
    figures = team_figures(team)
    assert (figures.visits, figures.diaries, figures.households) == (1, 1, 12)
    assert (figures.cases_raised, figures.tasks_done, figures.members) == (1, 1, 1)


def test_only_a_member_writes_the_log(tree, people, team):
    with pytest.raises(PermissionDenied):
        team_log_record(
            actor=people.worker, team=team, kind="visit", day=TODAY, summary="x"
        )


def test_a_bad_log_names_its_fields(team, member):
    with pytest.raises(ValidationError) as refused:
        team_log_record(actor=member, team=team, kind="party", day=TODAY, summary=" ")
    assert set(refused.value.message_dict) == {"kind", "summary"}


def test_the_township_manages_the_roster_and_a_leaver_drops_off(people, team):
    newcomer = UserFactory(username="newcomer")
    place = team_member_add(
        actor=people.first_responsible,
        team=team,
        user=newcomer,
        post="队员",
        duties="信访",
    )
    assert newcomer in team.members.all()
    with pytest.raises(ValidationError):
        team_member_add(
            actor=people.first_responsible, team=team, user=newcomer, post="队员"
        )
    team_member_leave(actor=people.first_responsible, member=place)
    assert newcomer not in team.members.all()
    with pytest.raises(PermissionDenied):
        team_member_add(actor=people.worker, team=team, user=newcomer, post="队员")


def test_the_public_sees_names_posts_and_duties_never_phones(tree, team, member):
    member.phone = "13812345678"
    member.save()
    [shown] = public_work_teams_for_region(tree[CELL])
    assert [(m.name, m.post, m.duties) for m in shown.members] == [
        (str(member), "队长", "联系群众")
    ]
    assert "13812345678" not in repr(shown)


def test_an_outsider_gets_404_and_a_member_without_a_post_sees_the_team(
    people, team, member
):
    with pytest.raises(Http404):
        team_get_for_user(people.outsider, team.pk)
    assert team_get_for_user(member, team.pk) == team
