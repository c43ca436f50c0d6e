"""Who needs a second factor, enrolment with its first code, and single-use recovery codes."""

import pytest
from django_otp.oath import totp

from wangge.access.second_factor import (
    enrolment_confirm,
    enrolment_device,
    has_second_factor,
    recovery_codes_renew,
    second_factor_check,
    second_factor_remove,
    second_factor_required,
)
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


def code_of(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.fixture
def required_for_admins(settings):
    settings.WANGGE_SECOND_FACTOR_ROLES = [Role.ADMIN]
    settings.WANGGE_SECOND_FACTOR_FOR_SUPERUSERS = True


def test_administrators_and_superusers_need_a_second_factor(required_for_admins, tree):
    admin_user = staff("admin", Role.ADMIN, tree["410100"])
    desk = staff("desk", Role.DESK, tree["410102"])
    root = staff("root", Role.DESK, tree["410102"])
    root.is_superuser = True
    assert second_factor_required(admin_user)
    assert second_factor_required(root)
    assert not second_factor_required(desk)


def test_the_roles_that_need_it_are_a_setting(settings, tree):
    settings.WANGGE_SECOND_FACTOR_ROLES = [Role.DESK]
    assert second_factor_required(staff("desk", Role.DESK, tree["410102"]))
    assert not second_factor_required(staff("admin", Role.ADMIN, tree["410100"]))


def test_anyone_enrolled_is_always_asked(settings, tree):
    settings.WANGGE_SECOND_FACTOR_ROLES = []
    desk = staff("desk", Role.DESK, tree["410102"])
    device = enrolment_device(desk)
    assert not second_factor_required(desk)
    assert enrolment_confirm(desk, device, code_of(device))
    assert second_factor_required(desk)


def test_enrolment_is_confirmed_only_by_a_right_code_and_gives_ten_recovery_codes(tree):
    desk = staff("desk", Role.DESK, tree["410102"])
    device = enrolment_device(desk)
    assert enrolment_device(desk) == device  # the same secret until confirmed
    wrong = "000000" if code_of(device) != "000000" else "111111"
    assert enrolment_confirm(desk, device, wrong) is None
    assert not has_second_factor(desk)

    device.refresh_from_db()
    device.throttle_reset()  # a failure makes the next try wait; the wait is over
    codes = enrolment_confirm(desk, device, code_of(device))

    assert len(codes) == 10 and len(set(codes)) == 10
    assert has_second_factor(desk)


def test_a_recovery_code_signs_in_once_and_renewal_voids_the_old_ones(tree):
    desk = staff("desk", Role.DESK, tree["410102"])
    device = enrolment_device(desk)
    first, second, *_ = enrolment_confirm(desk, device, code_of(device))

    assert second_factor_check(desk, first) is not None
    assert second_factor_check(desk, first) is None
    recovery_codes_renew(desk)
    assert second_factor_check(desk, second) is None


def test_someone_elses_code_does_not_open_an_account(tree):
    desk = staff("desk", Role.DESK, tree["410102"])
    other = staff("other", Role.DESK, tree["410102"])
    theirs = enrolment_device(other)
    enrolment_confirm(other, theirs, code_of(theirs))
    mine = enrolment_device(desk)
    enrolment_confirm(desk, mine, code_of(mine))
    if code_of(theirs) != code_of(mine):
        assert second_factor_check(desk, code_of(theirs)) is None


def test_removing_the_devices_ends_the_second_factor(tree):
    desk = staff("desk", Role.DESK, tree["410102"])
    device = enrolment_device(desk)
    enrolment_confirm(desk, device, code_of(device))
    second_factor_remove(desk)
    assert not has_second_factor(desk)
