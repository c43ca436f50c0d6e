"""One clock: rows are dated by `core.clock`, so a frozen clock dates everything written."""

from datetime import UTC, datetime

import pytest

from wangge.cases.models import Case
from wangge.cases.tests.steps import act, file_case
from wangge.core import clock
from wangge.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THEN = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


def test_a_frozen_clock_dates_a_new_cases_creation_and_change(tree, people):
    with clock.frozen_at(THEN):
        case = file_case(tree)
    case = Case.objects.get(pk=case.pk)
    assert case.created_at == THEN
    assert case.updated_at == THEN
    assert case.events.get().created_at == THEN


def test_a_frozen_clock_dates_later_changes_but_not_the_creation(tree, people):
    case = file_case(tree)
    created = case.created_at
    with clock.frozen_at(THEN):
        act(case, "register", people.community_desk)
    case = Case.objects.get(pk=case.pk)
    assert (case.created_at, case.updated_at) == (created, THEN)


def test_a_frozen_clock_dates_a_new_account(tree):
    with clock.frozen_at(THEN):
        user = UserFactory(username="joined")
    assert user.date_joined == THEN
