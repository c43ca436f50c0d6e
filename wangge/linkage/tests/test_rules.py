"""The pure tables: which capacity contracts which level, and the two lifecycles."""

import datetime

import pytest

from wangge.linkage import contracting, rules
from wangge.linkage.models import ContractKind
from wangge.linkage.models.accountability import DeterminationState as D
from wangge.linkage.rules import NAMED
from wangge.linkage.rules import DeterminationAction as A
from wangge.people.roles import Role
from wangge.regions.levels import Level


def test_every_capacity_contracts_one_level_below_the_city():
    assert set(contracting.KIND_LEVEL) == set(ContractKind.values)
    assert Level.CITY not in contracting.KIND_LEVEL.values()
    assert set(contracting.KIND_LEVEL.values()) == set(contracting.CHAIN_LEVELS[1:])


def test_townships_are_contracted_by_leaders_teams_public_units_and_law_enforcement():
    assert set(contracting.kinds_for_level(Level.TOWNSHIP)) == {
        ContractKind.DISTRICT_LEADER,
        ContractKind.CITY_WORK_TEAM,
        ContractKind.PUBLIC_UNIT_LEADER,
        ContractKind.LAW_ENFORCEMENT,
    }


@pytest.mark.parametrize(
    ("state", "action", "standing", "expected"),
    [
        (D.PROPOSED, A.APPROVE, {Role.LEADER}, D.APPROVED),
        (D.PROPOSED, A.REJECT, {Role.CITY_OFFICE}, D.REJECTED),
        (D.APPROVED, A.RECORD, {Role.SUPERVISOR}, D.RECORDED),
        (D.RECORDED, A.APPEAL, {NAMED}, D.APPEALED),
        (D.APPEALED, A.UPHOLD, {Role.LEADER}, D.UPHELD),
        (D.APPEALED, A.REVOKE, {Role.LEADER}, D.REVOKED),
    ],
)
def test_each_step_of_the_table_leads_to_its_state(state, action, standing, expected):
    assert rules.determination_next(state, action, standing) == expected


@pytest.mark.parametrize(
    ("state", "action", "standing"),
    [
        (
            D.PROPOSED,
            A.APPROVE,
            {Role.SUPERVISOR},
        ),  # a supervisor proposes, not approves
        (D.PROPOSED, A.RECORD, {Role.LEADER}),  # not approved yet
        (D.RECORDED, A.APPEAL, {Role.LEADER}),  # only a person it names appeals
        (D.REJECTED, A.APPROVE, {Role.LEADER}),  # final
        (D.REVOKED, A.APPEAL, {NAMED}),  # final
    ],
)
def test_an_illegal_step_is_refused(state, action, standing):
    with pytest.raises(rules.RuleRefused):
        rules.determination_next(state, action, standing)


def test_the_actions_offered_are_those_the_standing_allows():
    assert rules.determination_actions(D.PROPOSED, {Role.LEADER}) == [
        A.APPROVE,
        A.REJECT,
    ]
    assert rules.determination_actions(D.RECORDED, {NAMED}) == [A.APPEAL]
    assert rules.determination_actions(D.RECORDED, {Role.LEADER}) == []


def test_the_appeal_window_closes_after_its_days():
    recorded = datetime.date(2026, 12, 1)
    last = recorded + datetime.timedelta(days=rules.APPEAL_DAYS)
    assert rules.appeal_open(recorded, last)
    assert not rules.appeal_open(recorded, last + datetime.timedelta(days=1))
    assert not rules.appeal_open(None, recorded)


def test_a_settled_commitment_cannot_be_settled_again():
    assert rules.commitment_next("published", "keep") == "kept"
    with pytest.raises(rules.RuleRefused):
        rules.commitment_next("kept", "break")
