"""Phone numbers are read in full only at or above the region where the person serves."""

import datetime

import pytest

from wangge.access.personal_data import (
    can_see_personal_data,
    mask_phone,
    phone_for_viewer,
)
from wangge.people.models import Post
from wangge.people.roles import Role
from wangge.people.tests.factories import DepartmentFactory, UserFactory, staff


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0371-66221234", "037******1234"),
        ("12345678", "123*5678"),
        ("1234", "**34"),
        ("12", "*2"),
        ("7", "*"),
        ("", ""),
        ("  13812345678 ", "138****5678"),
    ],
)
def test_mask_phone_hides_the_middle(phone, masked):
    assert mask_phone(phone) == masked


def test_a_masked_mobile_number_keeps_its_length_and_hides_four_digits():
    masked = mask_phone("13912348888")
    assert len(masked) == 11
    assert masked.count("*") == 4
    assert "1234" not in masked


@pytest.mark.django_db
class TestWhoMaySeePersonalData:
    def test_a_post_at_the_region_or_above_may(self, tree):
        cell = tree["410102001001001"]
        for code, role in [
            ("410102001001001", Role.GRID_WORKER),
            ("410102001001", Role.COMMUNITY_SECRETARY),
            ("410102001", Role.FIRST_RESPONSIBLE),
            ("410102", Role.DESK),
            ("410100", Role.LEADER),
        ]:
            viewer = staff(f"viewer-{code}", role, tree[code])
            assert can_see_personal_data(viewer, cell), code

    def test_a_post_below_or_beside_may_not(self, tree):
        community = tree["410102001001"]
        below = staff("below", Role.GRID_CHIEF, tree["410102001001001"])
        beside = staff("beside", Role.COMMUNITY_SECRETARY, tree["410102001002"])
        elsewhere = staff("elsewhere", Role.DESK, tree["410103"])
        for viewer in (below, beside, elsewhere):
            assert not can_see_personal_data(viewer, community), viewer.username
            assert phone_for_viewer(viewer, community, "13812345678") == "138****5678"

    def test_a_department_handler_reads_the_area_of_the_department(self, tree):
        department = DepartmentFactory(region=tree["410103"], kind="urban_management")
        handler = staff(
            "handler", Role.DEPARTMENT_HANDLER, tree["410103"], department=department
        )
        assert can_see_personal_data(handler, tree["410103002001001"])
        assert not can_see_personal_data(handler, tree["410102002001001"])

    def test_an_ended_post_gives_no_right(self, tree):
        viewer = staff("former", Role.DESK, tree["410102"])
        Post.objects.filter(user=viewer).update(valid_until=datetime.date(2013, 1, 1))
        assert not can_see_personal_data(viewer, tree["410102001"])

    def test_people_without_posts_and_anonymous_visitors_may_not(self, tree):
        from django.contrib.auth.models import AnonymousUser

        assert not can_see_personal_data(UserFactory(), tree["410102"])
        assert not can_see_personal_data(AnonymousUser(), tree["410102"])

    def test_a_superuser_may(self, tree, django_user_model):
        root = django_user_model.objects.create_superuser(
            "root", password="x-Secret-42"
        )
        assert phone_for_viewer(root, tree["410103001"], "13812345678") == "13812345678"
