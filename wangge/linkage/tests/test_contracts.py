"""Contracting: assignment by level, handover with history, the chain and its jurisdiction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from wangge.linkage.models import Contract, ContractKind
from wangge.linkage.selectors.chain import responsibility_chain
from wangge.linkage.selectors.contracts import contract_list
from wangge.linkage.services.contracts import contract_assign, contract_end
from wangge.linkage.tests.conftest import CELL, COMMUNITY, TOWNSHIP
from wangge.people.tests.factories import UserFactory
from wangge.regions.levels import Level


def test_a_capacity_contracts_only_its_level(tree, people):
    with pytest.raises(ValidationError) as refused:
        contract_assign(
            actor=people.leader,
            kind=ContractKind.COMMUNITY_CADRE,
            region=tree[TOWNSHIP],
            person=people.secretary,
        )
    assert "region" in refused.value.message_dict
    assert not Contract.objects.exists()


def test_a_team_capacity_needs_its_team(tree, people):
    with pytest.raises(ValidationError) as refused:
        contract_assign(
            actor=people.leader,
            kind=ContractKind.CITY_WORK_TEAM,
            region=tree[TOWNSHIP],
            person=people.secretary,
        )
    assert "work_team" in refused.value.message_dict


def test_a_grid_worker_may_not_assign_contracts(tree, people):
    with pytest.raises(PermissionDenied):
        contract_assign(
            actor=people.worker,
            kind=ContractKind.COMMUNITY_CADRE,
            region=tree[CELL],
            person=people.secretary,
        )


def test_a_handover_ends_the_old_contract_the_day_before_and_keeps_it(tree, people):
    old = contract_assign(
        actor=people.leader,
        kind=ContractKind.TOWNSHIP_LEADER,
        region=tree[COMMUNITY],
        person=people.first_responsible,
        valid_from=datetime.date(2026, 1, 1),
    )
    successor = UserFactory(username="successor")
    new = contract_assign(
        actor=people.leader,
        kind=ContractKind.TOWNSHIP_LEADER,
        region=tree[COMMUNITY],
        person=successor,
        valid_from=datetime.date(2026, 11, 30),
        replaces=old,
    )
    old.refresh_from_db()
    assert old.valid_until == datetime.date(2026, 11, 29)
    history = list(contract_list(people.leader, region=tree[COMMUNITY]))
    assert history == [new, old]
    assert list(
        contract_list(people.leader, region=tree[COMMUNITY], current_only=True)
    ) == [new]


def test_an_ended_contract_cannot_end_again(tree, people, contractors):
    contract = Contract.objects.get(person=contractors.cadre)
    contract_end(actor=people.leader, contract=contract)
    with pytest.raises(ValidationError):
        contract_end(actor=people.leader, contract=contract)


def test_the_chain_of_a_cell_has_five_levels_with_people_at_each(
    tree, people, contractors
):
    chain = responsibility_chain(people.leader, CELL)

    assert [link.level for link in chain] == [
        Level.CITY,
        Level.DISTRICT,
        Level.TOWNSHIP,
        Level.COMMUNITY,
        Level.CELL,
    ]
    names = {link.level: {p.name for p in link.people} for link in chain}
    assert names[Level.CITY] == {str(people.leader)}
    assert str(contractors.standing) in names[Level.DISTRICT]
    assert names[Level.TOWNSHIP] == {
        str(people.first_responsible),
        str(contractors.district_leader),
    }
    assert names[Level.COMMUNITY] == {
        str(people.secretary),
        str(contractors.township_leader),
    }
    assert names[Level.CELL] == {str(people.chief), str(contractors.cadre)}


def test_the_chain_leaves_out_a_contract_that_has_ended(tree, people, contractors):
    contract_end(
        actor=people.leader,
        contract=Contract.objects.get(person=contractors.cadre),
        on=datetime.date(2026, 11, 1),
    )
    cell = responsibility_chain(people.leader, CELL)[-1]
    assert {p.name for p in cell.people} == {str(people.chief)}


def test_the_chain_is_read_in_a_constant_number_of_queries(
    tree, people, contractors, django_assert_max_num_queries
):
    people.leader.refresh_from_db()  # no cached jurisdiction
    with django_assert_max_num_queries(5):
        responsibility_chain(people.leader, CELL)


def test_an_outsider_gets_404_for_the_chain_and_sees_no_contract(
    tree, people, contractors
):
    with pytest.raises(Http404):
        responsibility_chain(people.outsider, CELL)
    assert not contract_list(people.outsider).exists()


def test_a_township_sees_its_own_contracts_only(tree, people, contractors):
    seen = set(
        contract_list(people.first_responsible).values_list(
            "person__username", flat=True
        )
    )
    # The district's standing-committee contract lies above the township.
    assert seen == {"district_leader", "township_leader", "cadre"}
