"""Stage limits: seeded with the documented defaults, edited by the city office in the admin."""

import pytest
from django.urls import reverse

from wangge.cases import policy
from wangge.cases.models import StageLimit
from wangge.cases.stages import CONFIGURED_STAGES, Stage
from wangge.cases.tests.steps import file_case, local
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.regions.levels import PLATFORM_LEVELS

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:cases_stagelimit_changelist")


def test_the_migration_seeds_every_stage_and_level_with_the_defaults_of_the_code():
    seeded = {
        (row.stage, row.node_level): (row.amount, row.unit)
        for row in StageLimit.objects.all()
    }

    assert seeded == {
        (stage.value, level): (limit.amount, limit.unit)
        for stage, levels in policy.DEFAULT_STAGE_LIMITS.items()
        for level, limit in levels.items()
    }
    assert {stage for stage, _level in seeded} == {s.value for s in CONFIGURED_STAGES}
    assert {level for _stage, level in seeded} == set(PLATFORM_LEVELS)


def test_handling_is_not_a_stage_the_office_sets_it_is_the_categorys():
    assert Stage.HANDLING not in CONFIGURED_STAGES
    assert not StageLimit.objects.filter(stage=Stage.HANDLING).exists()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.CITY_OFFICE, 200), (Role.DESK, 403)]
)
def test_the_city_office_opens_the_stage_limits_and_a_desk_may_not(
    client, tree, role, status
):
    user = staff(f"user-{role}", role, tree["410100"])
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(CHANGELIST).status_code == status


def test_a_limit_the_city_office_changes_applies_to_the_next_report(
    client, tree, people, time_machine
):
    office = staff("city-office", Role.CITY_OFFICE, tree["410100"])
    office.is_staff = True
    office.save()
    row = StageLimit.objects.get(stage="intake", node_level="community")
    client.force_login(office)

    response = client.post(
        reverse("admin:cases_stagelimit_change", args=[row.pk]),
        {"stage": "intake", "node_level": "community", "amount": 1, "unit": "days"},
    )

    assert response.status_code == 302
    time_machine.move_to(local(2026, 11, 30, 9, 0), tick=False)
    case = file_case(tree, people.resident)
    assert case.deadline == local(2026, 12, 1, 9, 0)
