"""A person's jurisdiction follows their posts at once: the cache is dropped when a post starts or ends."""

import datetime

import pytest
import time_machine

from wangge.access import jurisdiction
from wangge.people import services
from wangge.people.roles import Role
from wangge.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_assigning_a_post_widens_what_the_person_sees_at_once(tree):
    user = UserFactory()
    assert jurisdiction.jurisdiction_of(user).is_empty
    services.post_assign(user, Role.COMMUNITY_SECRETARY, tree["410103001001"])
    assert jurisdiction.jurisdiction_of(user).covers(tree["410103001001002"].path)


@time_machine.travel(datetime.datetime(2025, 6, 1, 2, tzinfo=datetime.UTC))
def test_ending_a_post_takes_effect_after_its_last_day(tree):
    user = UserFactory()
    post = services.post_assign(user, Role.DESK, tree["410102"])
    services.post_end(post, datetime.date(2025, 6, 1))
    post.refresh_from_db()
    assert post.valid_until == datetime.date(2025, 6, 1)
    assert jurisdiction.regions_visible_to(user).exists()
    with time_machine.travel(datetime.datetime(2025, 6, 2, 2, tzinfo=datetime.UTC)):
        jurisdiction.forget(user)
        assert not jurisdiction.regions_visible_to(user).exists()
