"""Who looks after which unit's systems (`access.units`), as the webhook reads apply it."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wangge.access.units import departments_managed_by, nodes_managed_by
from wangge.cases.tests.conftest import COMMUNITY, DISTRICT, TOWNSHIP
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory, staff
from wangge.webhooks.selectors import (
    subscription_get_for_user,
    subscription_list,
    unit_for_user,
)

pytestmark = pytest.mark.django_db


def codes(rows) -> set[str]:
    return {row.code for row in rows}


def test_a_handler_looks_after_their_own_department_only(people):
    assert codes(departments_managed_by(people.district_handler)) == {"jinshui-cgj"}
    assert codes(nodes_managed_by(people.district_handler)) == set()


def test_a_node_desk_looks_after_its_node_and_not_the_ones_below(tree, people):
    assert codes(nodes_managed_by(people.township_desk)) == {TOWNSHIP}
    assert codes(departments_managed_by(people.township_desk)) == set()


def test_a_district_administrator_looks_after_the_district_departments_and_nodes(
    tree, people
):
    admin = staff("district_admin", Role.ADMIN, tree[DISTRICT])
    assert codes(departments_managed_by(admin)) == {"jinshui-cgj"}
    nodes = codes(nodes_managed_by(admin))
    assert {DISTRICT, TOWNSHIP, COMMUNITY} <= nodes
    assert "410100" not in nodes


def test_a_person_without_posts_looks_after_nothing(people):
    nobody = UserFactory(username="nobody")
    assert not departments_managed_by(nobody).exists()
    assert not nodes_managed_by(nobody).exists()


def test_each_unit_reads_its_own_subscriptions_and_others_get_404(
    people, subscriptions
):
    assert list(subscription_list(people.district_handler)) == [
        subscriptions.department
    ]
    assert list(subscription_list(people.community_desk)) == [subscriptions.node]
    assert list(subscription_list(people.outsider)) == []
    with pytest.raises(Http404):
        subscription_get_for_user(people.outsider, subscriptions.department.pk)
    with pytest.raises(Http404):
        subscription_get_for_user(people.city_handler, subscriptions.department.pk)


def test_naming_a_unit_one_does_not_look_after_is_refused_naming_the_field(people):
    with pytest.raises(ValidationError) as refused:
        unit_for_user(people.district_handler, department="zz-cgj")
    assert "department" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        unit_for_user(people.district_handler, region=COMMUNITY)
    assert "region" in refused.value.message_dict
