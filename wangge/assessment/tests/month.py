"""A month of cases in one community, for the snapshot, report and API tests."""

import pytest

from wangge.cases.tests.conftest import CITY
from wangge.cases.tests.steps import (
    act,
    closed_case,
    file_case,
    local,
    verification_photo,
)
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

NOVEMBER = (local(2026, 11, 1), local(2026, 12, 1))


@pytest.fixture
def office(tree):
    return staff("office", Role.CITY_OFFICE, tree[CITY])


@pytest.fixture
def november(tree, people, departments, time_machine):
    """Cases of November 2026 in one community: closed, reworked, returned, open, rejected,
    a recurrence of a closed one, and one reopened; and one case of October."""
    time_machine.move_to(local(2026, 10, 20, 10), tick=False)
    file_case(tree, people.resident)  # October: outside the period
    time_machine.move_to(local(2026, 11, 2, 9), tick=False)
    first = closed_case(tree, people)
    time_machine.move_to(local(2026, 11, 3, 9), tick=False)
    reworked = dispatched = file_case(tree, people.resident)
    act(reworked, "register", people.community_desk)
    act(
        reworked,
        "dispatch",
        people.community_desk,
        department=departments.district.code,
    )
    act(dispatched, "return", people.district_handler, note="不属于本部门职责")
    act(reworked, "dispatch", people.community_desk)
    act(reworked, "accept", people.secretary)
    act(reworked, "handle", people.secretary, note="已清理")
    verification_photo(reworked, people.worker)
    act(reworked, "verify_fail", people.worker, note="杂物仍在")
    act(reworked, "handle", people.secretary, note="已彻底清理")
    verification_photo(reworked, people.worker)
    act(reworked, "verify_pass", people.worker)
    time_machine.move_to(local(2026, 11, 10, 9), tick=False)
    recurrence = file_case(tree, people.resident)  # same cell and category as `first`
    rejected = file_case(tree, people.worker, channel="patrol", reporter_name="")
    act(rejected, "reject", people.community_desk, note="不属实")
    time_machine.move_to(local(2026, 12, 2, 9), tick=False)
    return {
        "first": first,
        "reworked": reworked,
        "recurrence": recurrence,
        "rejected": rejected,
    }
