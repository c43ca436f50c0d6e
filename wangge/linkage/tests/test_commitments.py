"""Commitments: published by a grid chief or a team, settled once, rated by residents within limits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wangge.linkage.models import CommitmentRating
from wangge.linkage.selectors.commitments import (
    commitment_list,
    public_commitments_for_region,
)
from wangge.linkage.services import commitments as services
from wangge.linkage.tests.conftest import CELL, COMMUNITY, TOWNSHIP

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def promise(tree, people):
    return services.commitment_publish(
        actor=people.chief,
        region=tree[CELL],
        title="一周内修好楼道灯",
        due_on=TODAY + datetime.timedelta(days=7),
    )


def test_a_grid_chief_publishes_to_the_cell_and_settles_it_once(people, promise):
    services.commitment_settle(
        actor=people.chief, commitment=promise, action="keep", fulfilment="已修好"
    )
    promise.refresh_from_db()
    assert (promise.state, promise.settled_on) == ("kept", TODAY)
    with pytest.raises(ValidationError) as refused:
        services.commitment_settle(
            actor=people.chief, commitment=promise, action="break", fulfilment="x"
        )
    assert "action" in refused.value.message_dict


def test_a_grid_worker_may_not_publish_and_a_past_due_date_is_refused(tree, people):
    with pytest.raises(PermissionDenied):
        services.commitment_publish(
            actor=people.worker, region=tree[CELL], title="x", due_on=TODAY
        )
    with pytest.raises(ValidationError) as refused:
        services.commitment_publish(
            actor=people.chief,
            region=tree[CELL],
            title="x",
            due_on=TODAY - datetime.timedelta(days=1),
        )
    assert "due_on" in refused.value.message_dict


def test_a_team_member_promises_to_the_township_its_team_serves(
    tree, people, team, member
):
    made = services.commitment_publish(
        actor=member,
        region=tree[TOWNSHIP],
        title="每周走访",
        due_on=TODAY,
        work_team=team,
    )
    assert made.work_team == team


def test_a_resident_rates_once_a_day_and_a_few_a_day_in_all(promise, monkeypatch):
    services.commitment_rate(commitment=promise, kept=True, client="a")
    with pytest.raises(ValidationError):
        services.commitment_rate(commitment=promise, kept=False, client="a")
    monkeypatch.setattr(services, "RATINGS_PER_CLIENT_DAY", 1)
    with pytest.raises(ValidationError):
        services.commitment_rate(commitment=promise, kept=True, client="a")
    assert CommitmentRating.objects.count() == 1


def test_the_public_board_and_staff_lists_carry_the_ratings(tree, people, promise):
    services.commitment_rate(commitment=promise, kept=True, client="a")
    services.commitment_rate(commitment=promise, kept=False, client="b")
    [shown] = public_commitments_for_region(tree[COMMUNITY])
    assert (shown.rated_kept, shown.rated_not_kept, shown.made_by) == (
        1,
        1,
        str(people.chief),
    )
    assert commitment_list(people.secretary).get().rated_kept == 1
    assert not commitment_list(people.outsider).exists()
