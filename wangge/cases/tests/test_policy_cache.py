"""The stage limits and escalation policies each process keeps: edits reach it at once."""

from datetime import timedelta

import pytest

from wangge.cases import policy
from wangge.cases.models import EscalationPolicy, StageLimit
from wangge.cases.sla import HOURS, Limit


@pytest.fixture
def cached(settings):
    settings.WANGGE_POLICY_CACHE_SECONDS = 60
    policy.policy_forget()
    yield
    policy.policy_forget()


@pytest.mark.django_db
def test_the_rules_are_read_once_while_the_cache_is_fresh(
    cached, django_assert_num_queries
):
    policy.stage_limit("intake", "community")

    with django_assert_num_queries(0):
        policy.stage_limit("dispatch", "township")
        policy.escalation_grace("district")


@pytest.mark.django_db
def test_a_saved_stage_limit_applies_at_once(cached):
    row = StageLimit.objects.get(stage="intake", node_level="community")
    policy.stage_limit("intake", "community")

    row.amount, row.unit = 7, HOURS
    row.save()

    assert policy.stage_limit("intake", "community") == Limit(7, HOURS)


@pytest.mark.django_db
def test_a_deleted_stage_limit_falls_back_to_the_default_at_once(cached):
    StageLimit.objects.filter(stage="dispatch", node_level="city").update(amount=9)
    assert policy.stage_limit("dispatch", "city").amount == 9

    StageLimit.objects.get(stage="dispatch", node_level="city").delete()

    assert (
        policy.stage_limit("dispatch", "city")
        == policy.DEFAULT_STAGE_LIMITS["dispatch"]["city"]
    )


@pytest.mark.django_db
def test_a_saved_or_deleted_escalation_policy_applies_at_once(cached):
    assert policy.escalation_grace("township") == timedelta(hours=4)

    saved = EscalationPolicy.objects.create(
        node_level="township", enabled=True, grace_hours=2
    )
    assert policy.escalation_grace("township") == timedelta(hours=2)

    saved.enabled = False
    saved.save()
    assert policy.escalation_grace("township") is None

    saved.delete()
    assert policy.escalation_grace("township") == timedelta(hours=4)
