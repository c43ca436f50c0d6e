"""A month of cases in one community, for the snapshot, report and API tests, and the
accountability determinations of that month."""

import pytest

from wangge.cases.tests.conftest import CELL, CITY, COMMUNITY, TOWNSHIP
from wangge.cases.tests.steps import (
    act,
    closed_case,
    file_case,
    local,
    verification_photo,
)
from wangge.linkage.candidates import CandidateKind
from wangge.linkage.models import Determination, DeterminationKind, DeterminationState
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


def determination(region, kind, state, recorded_at, persons=()) -> Determination:
    """A determination as the accountability steps leave it (their rules are linkage's)."""
    made = Determination.objects.create(
        region=region,
        kind=kind,
        basis=CandidateKind.OVERDUE_ESCALATED,
        reason="超期未处置",
        state=state,
        recorded_at=recorded_at,
    )
    made.persons.set(persons)
    return made


@pytest.fixture
def determinations(november, tree, people):
    """November's determinations: in force at the community (naming the secretary), under
    appeal at the cell and upheld at the township (naming the grid worker); revoked,
    rejected and October's ones do not count."""
    s, k = DeterminationState, DeterminationKind
    return {
        "community": determination(
            tree[COMMUNITY],
            k.REMINDER_TALK,
            s.RECORDED,
            local(2026, 11, 12, 10),
            [people.secretary],
        ),
        "cell": determination(
            tree[CELL], k.WARNING, s.APPEALED, local(2026, 11, 20, 10), [people.worker]
        ),
        "township": determination(
            tree[TOWNSHIP],
            k.CRITICISM,
            s.UPHELD,
            local(2026, 11, 5, 10),
            [people.worker],
        ),
        "revoked": determination(
            tree[CELL], k.WARNING, s.REVOKED, local(2026, 11, 15, 10), [people.worker]
        ),
        "rejected": determination(
            tree[COMMUNITY], k.DEMERIT, s.REJECTED, None, [people.secretary]
        ),
        "october": determination(
            tree[CELL], k.DEMERIT, s.RECORDED, local(2026, 10, 30, 10), [people.worker]
        ),
    }
