"""The standing people of the case tests, plus who contracts each unit above cell 410102001001001.

The tree is `regions.tests.factories.build_tree`; the outsider is the desk of district 410103.
"""

import datetime
from types import SimpleNamespace

import pytest

from wangge.cases.tests import conftest as case_fixtures
from wangge.cases.tests.conftest import (
    CELL,
    CITY,
    COMMUNITY,
    DISTRICT,
    SIBLING_DISTRICT,
    TOWNSHIP,
    ApiClient,
)
from wangge.linkage.models import Contract, ContractKind, TeamMember
from wangge.people.models import WorkTeam
from wangge.people.tests.factories import UserFactory

__all__ = [
    "CELL",
    "CITY",
    "COMMUNITY",
    "DISTRICT",
    "SIBLING_DISTRICT",
    "TOWNSHIP",
    "ApiClient",
]

# The standing people and API clients of the case tests.
monday_morning = case_fixtures.monday_morning
departments = case_fixtures.departments
people = case_fixtures.people
api = case_fixtures.api
report_body = case_fixtures.report_body
reported = case_fixtures.reported
act = case_fixtures.act

START = datetime.date(2026, 1, 1)


def contract(kind, region, person, **extra) -> Contract:
    return Contract.objects.create(
        kind=kind, region=region, person=person, valid_from=START, **extra
    )


@pytest.fixture
def contractors(tree, people):
    """One contracting person per level from the district down to the cell."""
    found = SimpleNamespace(
        standing=UserFactory(username="standing", display_name="常委甲"),
        district_leader=UserFactory(
            username="district_leader", display_name="区领导乙"
        ),
        township_leader=UserFactory(
            username="township_leader", display_name="镇领导丙"
        ),
        cadre=UserFactory(username="cadre", display_name="社区干部丁"),
    )
    contract(ContractKind.STANDING_COMMITTEE, tree[DISTRICT], found.standing)
    contract(ContractKind.DISTRICT_LEADER, tree[TOWNSHIP], found.district_leader)
    contract(ContractKind.TOWNSHIP_LEADER, tree[COMMUNITY], found.township_leader)
    contract(ContractKind.COMMUNITY_CADRE, tree[CELL], found.cadre)
    return found


@pytest.fixture
def team(tree, departments):
    """A city department's work team serving the standing township, with one member."""
    team = WorkTeam.objects.create(
        name="城管局驻镇工作队", department=departments.city, township=tree[TOWNSHIP]
    )
    member = UserFactory(username="team_member", display_name="队员戊")
    TeamMember.objects.create(
        team=team, user=member, post="队长", duties="联系群众", joined_on=START
    )
    team.members.add(member)
    return team


@pytest.fixture
def member(team):
    return team.roster.get().user
