"""`deadlines`: a case's stored deadline, warning instant, light and escalation instant.

Against the real working calendar seeded from chinese-calendar: 2026's National Day holiday
runs from 1 to 7 October and Saturday 10 October is a make-up working day.
"""

from datetime import timedelta

import pytest

from wangge.cases import deadlines, policy, sla
from wangge.cases.models import Case, EscalationPolicy, StageLimit
from wangge.cases.stages import Stage
from wangge.cases.tests.conftest import CITY, COMMUNITY, DISTRICT, TERRITORIAL, TOWNSHIP
from wangge.cases.tests.steps import act, dispatched_to_community, file_case, local
from wangge.catalogue.models import Category
from wangge.core.calendar.selectors import working_calendar_get

URGENT_TWO_HOURS = "C0101"  # 井盖缺失: four working hours, urgent two
FOUR_HOURS = "E0103"  # 垃圾满溢: four working hours, no urgent variant
ONE_DAY = "E0104"  # 道路不洁: one working day


def _case(tree, code: str = TERRITORIAL, node: str = COMMUNITY, **fields) -> Case:
    """An unsaved case at work (the handling stage): these functions only set its fields."""
    fields.setdefault("state", "in_progress")
    return Case(category=Category.objects.get(code=code), node=tree[node], **fields)


def _started(tree, at, code: str = TERRITORIAL, node: str = COMMUNITY, **fields):
    case = _case(tree, code, node, **fields)
    deadlines.stage_start(case, at)
    return case


def test_the_handling_limit_is_the_categorys_and_its_urgent_variant_for_urgent_cases(
    tree,
):
    normal = deadlines.limit_for(_case(tree, URGENT_TWO_HOURS), Stage.HANDLING)
    assert (normal.amount, normal.unit) == (4, "hours")
    urgent = deadlines.limit_for(
        _case(tree, URGENT_TWO_HOURS, priority="urgent"), Stage.HANDLING
    )
    assert (urgent.amount, urgent.unit) == (2, "hours")
    plain = deadlines.limit_for(
        _case(tree, FOUR_HOURS, priority="urgent"), Stage.HANDLING
    )
    assert (plain.amount, plain.unit) == (4, "hours")


@pytest.mark.parametrize(
    ("state", "stage"),
    [
        ("reported", Stage.INTAKE),
        ("registered", Stage.DISPATCH),
        ("dispatched", Stage.ACCEPTANCE),
        ("handled", Stage.VERIFICATION),
    ],
)
def test_every_other_stage_runs_on_the_limit_the_city_office_set_for_the_node_level(
    tree, state, stage
):
    StageLimit.objects.filter(stage=stage, node_level="township").update(
        amount=3, unit="hours"
    )

    at_township = _started(tree, local(2026, 11, 30, 9, 0), node=TOWNSHIP, state=state)
    at_community = _started(tree, local(2026, 11, 30, 9, 0), state=state)

    # Three office hours from 09:00 on Monday: 12:00.
    assert at_township.deadline == local(2026, 11, 30, 12, 0)
    expected = policy.DEFAULT_STAGE_LIMITS[stage]["community"]
    assert at_community.deadline == working_calendar_get().add_working_time(
        local(2026, 11, 30, 9, 0),
        sla.limit_working_time(expected, working_calendar_get()),
    )


def test_a_deleted_stage_limit_falls_back_to_the_default(tree):
    StageLimit.objects.filter(stage="intake", node_level="community").delete()

    case = _started(tree, local(2026, 11, 30, 9, 0), state="reported")

    # Four office hours by default: 09:00–12:00, then 13:30–14:30.
    assert case.deadline == local(2026, 11, 30, 14, 30)


def test_a_finished_case_keeps_the_instants_of_its_last_stage(tree):
    case = _started(tree, local(2026, 11, 30, 9, 0))
    case.state = "closed"

    deadlines.stage_start(case, local(2026, 12, 1, 9, 0))

    assert case.started_at == local(2026, 11, 30, 9, 0)


def test_a_limit_in_hours_runs_in_office_hours_only(tree):
    # Monday 16:00–17:30 is 1.5 h; Tuesday 08:30 + 2.5 h is 11:00.
    case = _started(tree, local(2026, 11, 30, 16, 0), FOUR_HOURS)

    assert case.started_at == local(2026, 11, 30, 16, 0)
    assert case.deadline == local(2026, 12, 1, 11, 0)
    # 80 % of four hours is 3 h 12 min: 1.5 h on Monday, 1 h 42 min on Tuesday.
    assert case.warning_at == local(2026, 12, 1, 10, 12)
    assert case.light == "green"


def test_an_urgent_case_runs_on_the_urgent_limit_across_the_lunch_break(tree):
    case = _started(
        tree, local(2026, 11, 30, 11, 0), URGENT_TWO_HOURS, priority="urgent"
    )

    assert case.deadline == local(2026, 11, 30, 14, 30)


def test_the_national_day_holiday_uses_none_of_the_limit(tree):
    # Wednesday 30 September 2026 09:00 gives seven office hours; the last half hour
    # falls on Thursday 8 October, the first working day after the holiday.
    case = _started(tree, local(2026, 9, 30, 9, 0), ONE_DAY)

    assert case.deadline == local(2026, 10, 8, 9, 0)


def test_a_make_up_saturday_is_a_working_day(tree):
    case = _started(tree, local(2026, 10, 9, 9, 0), ONE_DAY)

    assert case.deadline == local(2026, 10, 10, 9, 0)


def test_a_week_long_limit_skips_the_weekend(tree):
    case = _started(tree, local(2026, 12, 3, 9, 30))

    assert case.deadline == local(2026, 12, 10, 9, 30)
    assert case.warning_at == local(2026, 12, 9, 9, 30)


@pytest.mark.parametrize(
    ("moment", "light"),
    [
        (local(2026, 12, 4, 9, 29), "green"),
        (local(2026, 12, 4, 9, 30), "yellow"),
        (local(2026, 12, 7, 9, 30), "yellow"),
        (local(2026, 12, 7, 9, 31), "red"),
    ],
)
def test_the_light_follows_the_stored_instants(tree, moment, light):
    case = _started(tree, local(2026, 11, 30, 9, 30))

    assert deadlines.light_now(case, moment) == light


def test_a_shelved_case_keeps_its_light(tree):
    case = _started(tree, local(2026, 11, 30, 9, 30))
    case.is_shelved = True

    assert deadlines.light_now(case, local(2026, 12, 31, 9, 0)) == "green"


def test_a_case_without_a_clock_keeps_its_light(tree):
    case = _case(tree)

    assert deadlines.light_now(case, local(2026, 12, 31, 9, 0)) == "green"


def test_unshelving_moves_both_instants_by_the_working_time_on_the_shelf(tree):
    case = _started(tree, local(2026, 11, 30, 9, 30))
    case.is_shelved, case.shelved_since = True, local(2026, 12, 1, 14, 0)

    # On the shelf from Tuesday 14:00 to Wednesday 14:00: one working day.
    deadlines.unshelve(case, local(2026, 12, 2, 14, 0))

    assert case.deadline == local(2026, 12, 8, 9, 30)
    assert case.warning_at == local(2026, 12, 7, 9, 30)
    assert (case.is_shelved, case.shelved_since) == (False, None)


def test_unshelving_after_the_warning_moves_only_the_deadline(tree):
    case = _started(tree, local(2026, 11, 30, 9, 30))
    case.is_shelved, case.shelved_since = True, local(2026, 12, 4, 14, 0)

    deadlines.unshelve(case, local(2026, 12, 7, 14, 0))

    assert case.deadline == local(2026, 12, 8, 9, 30)
    assert case.warning_at == local(2026, 12, 4, 9, 30)


def test_an_extension_moves_the_deadline_and_the_warning(tree, people, time_machine):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = act(dispatched_to_community(tree, people), "accept", people.secretary)

    deadlines.extend(case, sla.Limit(5, sla.DAYS), local(2026, 12, 4, 10, 0))

    assert case.deadline == local(2026, 12, 14, 9, 30)
    assert case.warning_at == local(2026, 12, 10, 9, 30)
    assert case.light == "green"


# --- When an overdue case escalates by itself -------------------------------------------


@pytest.mark.parametrize(
    ("node", "hours"), [(COMMUNITY, 0), (TOWNSHIP, 4), (DISTRICT, 8)]
)
def test_by_default_each_level_gives_its_own_grace_after_the_deadline(
    tree, node, hours
):
    case = _started(tree, local(2026, 11, 30, 9, 30), node=node)

    assert case.escalate_at == working_calendar_get().add_working_time(
        local(2026, 12, 7, 9, 30), timedelta(hours=hours)
    )


def test_nothing_escalates_by_itself_from_the_city(tree):
    case = _started(tree, local(2026, 11, 30, 9, 30), node=CITY)

    assert case.escalate_at is None


def test_a_policy_row_sets_the_grace_of_its_level(tree):
    EscalationPolicy.objects.create(node_level="community", grace_hours=2)

    case = _started(tree, local(2026, 11, 30, 9, 30))

    assert case.escalate_at == local(2026, 12, 7, 11, 30)


def test_a_disabled_policy_never_escalates(tree):
    EscalationPolicy.objects.create(node_level="township", enabled=False)

    case = _started(tree, local(2026, 11, 30, 9, 30), node=TOWNSHIP)

    assert case.escalate_at is None


def test_a_case_arriving_after_its_deadline_gets_the_grace_from_its_arrival(tree):
    case = _started(
        tree,
        local(2026, 11, 30, 9, 30),
        node=TOWNSHIP,
        node_since=local(2026, 12, 8, 16, 0),
    )

    # Tuesday 16:00 + four office hours: 17:30, then Wednesday 08:30 to 11:00.
    assert case.escalate_at == local(2026, 12, 9, 11, 0)


def test_a_changed_policy_is_applied_to_the_open_cases_of_its_level(
    tree, people, time_machine
):
    # Given a case escalated to the township, whose desk must dispatch it within two
    # working hours (by 11:30), and one waiting at the community
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    at_township = act(
        file_case(tree, people.resident), "register", people.community_desk
    )
    at_township = act(at_township, "escalate", people.community_desk, note="需街道处理")
    at_community = act(
        file_case(tree, people.resident), "register", people.community_desk
    )
    assert at_township.escalate_at == local(2026, 11, 30, 17, 0)

    # When the township's grace is cut to nothing
    EscalationPolicy.objects.create(node_level="township", grace_hours=0)
    rescheduled = deadlines.reschedule_escalations("township")

    # Then only the township's case escalates at its deadline now
    assert rescheduled == 1
    assert Case.objects.get(pk=at_township.pk).escalate_at == local(
        2026, 11, 30, 11, 30
    )
    assert Case.objects.get(pk=at_community.pk).escalate_at == at_community.escalate_at
