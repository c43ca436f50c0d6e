"""`case_transition`: one event per change, routing, escalation, merging, verification, all or nothing."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wangge.cases import services, sla
from wangge.cases.models import Case, CaseEvent, RoutingRule
from wangge.cases.tests.conftest import (
    CELL,
    CITY,
    COMMUNITY,
    DEPARTMENTAL,
    DISTRICT,
    TERRITORIAL,
    TOWNSHIP,
    png_bytes,
)
from wangge.cases.tests.steps import (
    act,
    closed_case,
    dispatched_to_community,
    file_case,
    handled_by_community,
    local,
    verification_photo,
    written,
)
from wangge.cases.workflow import TransitionNotAllowed
from wangge.catalogue.choices import DepartmentKind
from wangge.core.calendar.selectors import working_calendar_get
from wangge.notifications.models import Notification, OutboundMessage
from wangge.people.models import Department
from wangge.people.roles import Role
from wangge.people.tests.factories import staff


def _told(case, kind) -> set[str]:
    return set(
        Notification.objects.filter(case=case, kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def _escalated_to(tree, people, level: str):
    """A registered case escalated by each desk up to the node of `level`."""
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    for desk in (people.community_desk, people.township_desk, people.district_desk):
        case = act(case, "escalate", desk, note="本级无法解决")
        if case.node.code == tree[level].code:
            return case
    raise AssertionError(f"never reached {level}")


# --- The record ------------------------------------------------------------------------


def test_registering_writes_one_event_with_actor_post_node_and_states(tree, people):
    case = file_case(tree, people.resident)

    case = act(case, "register", people.community_desk, note="符合立案条件")

    event = CaseEvent.objects.filter(case=case).last()
    assert event.action == "register"
    assert (event.from_state, event.to_state) == ("reported", "registered")
    assert event.actor == people.community_desk
    assert (event.actor_post.role, event.actor_post.region) == (
        Role.DESK,
        tree[COMMUNITY],
    )
    assert event.node == tree[COMMUNITY]
    assert event.note == "符合立案条件"
    assert event.created_at == case.registered_at
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_a_new_report_is_watched_from_the_first_minute_on_the_intake_limit(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)

    case = file_case(tree, people.resident)

    # The community's desk has four working hours to take it in: 12:00, then 13:30–15:00.
    assert (case.state, case.started_at) == ("reported", local(2026, 11, 30, 9, 30))
    assert case.deadline == local(2026, 11, 30, 15, 0)
    assert case.warning_at == local(2026, 11, 30, 14, 12)
    assert (case.light, case.escalate_at) == ("green", case.deadline)


def test_registering_ends_the_intake_stage_on_time_and_starts_the_dispatch_stage(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = file_case(tree, people.resident)
    time_machine.move_to(local(2026, 11, 30, 14, 0), tick=False)

    case = act(case, "register", people.community_desk)

    calendar = working_calendar_get()
    assert case.started_at == case.registered_at == local(2026, 11, 30, 14, 0)
    # Four working hours to dispatch: 14:00–17:30, then Tuesday 08:30–09:00.
    assert case.deadline == local(2026, 12, 1, 9, 0)
    assert case.warning_at == sla.warning_at(case.started_at, case.deadline, calendar)
    assert case.light == "green"
    event = CaseEvent.objects.filter(case=case).last()
    assert event.data == {
        "stage": "intake",
        "due": local(2026, 11, 30, 15, 0).astimezone(UTC).isoformat(),
        "on_time": True,
    }


def test_a_report_registered_after_its_intake_deadline_is_recorded_late(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = file_case(tree, people.resident)
    time_machine.move_to(local(2026, 11, 30, 15, 1), tick=False)

    act(case, "register", people.community_desk)

    event = CaseEvent.objects.filter(case=case).last()
    assert (event.data["stage"], event.data["on_time"]) == ("intake", False)


def test_accepting_starts_the_handling_stage_on_the_categorys_limit(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = dispatched_to_community(tree, people)

    case = act(case, "accept", people.secretary)

    # 其他问题: five working days, from Monday 09:30 to the next Monday 09:30.
    assert case.deadline == local(2026, 12, 7, 9, 30)
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.data["stage"], event.data["on_time"]) == ("acceptance", True)


def test_reporting_handled_ends_the_handling_stage_and_starts_verification(
    tree, people, time_machine
):
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = act(dispatched_to_community(tree, people), "accept", people.secretary)
    time_machine.move_to(local(2026, 12, 8, 9, 30), tick=False)

    case = act(case, "handle", people.secretary, note="已清理")

    event = CaseEvent.objects.filter(case=case).last()
    assert (event.data["stage"], event.data["on_time"]) == ("handling", False)
    # One working day to verify it on site.
    assert case.deadline == local(2026, 12, 9, 9, 30)


def test_a_stage_ended_while_shelved_does_not_count_the_time_on_the_shelf(
    tree, people, time_machine
):
    # Given a case shelved on Tuesday 14:00 of its handling stage, due next Monday 09:30
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = act(dispatched_to_community(tree, people), "accept", people.secretary)
    time_machine.move_to(local(2026, 12, 1, 14, 0), tick=False)
    request = services.shelving_request(
        case=case, actor=people.secretary, reason="拆迁"
    )
    services.shelving_decide(request=request, actor=people.leader, approve=True)

    # When it is reported handled a week later, still on the shelf
    time_machine.move_to(local(2026, 12, 8, 14, 0), tick=False)
    act(case, "handle", people.secretary, note="已清理")

    # Then the five working days on the shelf moved its deadline to 14 December 09:30
    event = CaseEvent.objects.filter(case=case).last()
    assert event.data["due"] == local(2026, 12, 14, 9, 30).astimezone(UTC).isoformat()
    assert event.data["on_time"] is True


def test_every_change_of_a_whole_lifecycle_is_one_event(tree, people):
    case = closed_case(tree, people)

    events = list(CaseEvent.objects.filter(case=case))
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("report", "", "reported"),
        ("register", "reported", "registered"),
        ("dispatch", "registered", "dispatched"),
        ("accept", "dispatched", "in_progress"),
        ("handle", "in_progress", "handled"),
        ("verify_pass", "handled", "closed"),
    ]
    assert [e.actor.username for e in events] == [
        "resident",
        "community_desk",
        "community_desk",
        "secretary",
        "secretary",
        "worker",
    ]
    assert [e.actor_post.role for e in events[1:]] == [
        Role.DESK,
        Role.DESK,
        Role.COMMUNITY_SECRETARY,
        Role.COMMUNITY_SECRETARY,
        Role.GRID_WORKER,
    ]
    assert {e.node.code for e in events} == {COMMUNITY}
    case.refresh_from_db()
    assert case.dispatched_at <= case.accepted_at <= case.handled_at <= case.closed_at


# --- Routing ---------------------------------------------------------------------------


def test_a_territorial_case_is_dispatched_to_the_grids_community(tree, people):
    case = dispatched_to_community(tree, people)

    assert case.state == "dispatched"
    assert case.handler_region == tree[COMMUNITY]
    assert case.handler_department is None
    assert {"department": None, "region": COMMUNITY}.items() <= (
        CaseEvent.objects.filter(case=case).last().data.items()
    )
    assert _told(case, "dispatched") == {"secretary", "community_desk"}


def test_a_departmental_case_at_the_district_goes_to_the_district_department(
    tree, people, departments
):
    case = file_case(tree, people.resident, category=DEPARTMENTAL)
    act(case, "register", people.community_desk)
    act(case, "escalate", people.community_desk, note="需要区里处理")
    act(case, "escalate", people.township_desk, note="需要区里处理")

    case = act(case, "dispatch", people.district_desk)

    assert case.handler_department == departments.district
    assert case.node == tree[DISTRICT]
    assert _told(case, "dispatched") == {"district_handler"}


def test_a_routing_rule_overrides_the_catalogue(tree, people, departments):
    RoutingRule.objects.create(
        region=tree[DISTRICT],
        category=None,
        department_kind=DepartmentKind.URBAN_MANAGEMENT,
        department_level="district",
    )
    case = file_case(tree, people.resident, category=TERRITORIAL)
    act(case, "register", people.community_desk)

    case = act(case, "dispatch", people.community_desk)

    assert case.handler_department == departments.district
    assert case.handler_region is None


def test_the_desk_may_choose_another_unit(tree, people, departments):
    case = file_case(tree, people.resident, category=TERRITORIAL)
    act(case, "register", people.community_desk)

    case = act(
        case, "dispatch", people.community_desk, department=departments.city.code
    )

    assert case.handler_department == departments.city
    assert _told(case, "dispatched") == {"city_handler"}


def test_the_desk_may_send_it_to_the_township_the_case_lies_in(tree, people):
    case = file_case(tree, people.resident, category=DEPARTMENTAL)
    act(case, "register", people.community_desk)

    case = act(case, "dispatch", people.community_desk, region=TOWNSHIP)

    assert case.handler_region == tree[TOWNSHIP]
    assert case.handler_department is None


def test_the_desk_may_not_dispatch_to_a_department_of_another_district(
    tree, people, departments
):
    elsewhere = Department.objects.create(
        code="erqi-cgj",
        name="二七区城市管理局",
        kind=DepartmentKind.URBAN_MANAGEMENT,
        region=tree["410103"],
    )
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    before = written()

    with pytest.raises(ValidationError) as refused:
        act(case, "dispatch", people.community_desk, department=elsewhere.code)

    assert "department" in refused.value.message_dict
    assert written() == before
    assert Case.objects.get(pk=case.pk).state == "registered"


def test_without_any_unit_for_the_category_the_desk_is_asked_to_choose(tree, people):
    # 水域不洁 goes to a water department, and none is set up in this city.
    case = file_case(tree, people.resident, category="E0105")
    act(case, "register", people.community_desk)
    act(case, "escalate", people.community_desk, note="需要区里处理")
    act(case, "escalate", people.township_desk, note="需要区里处理")

    with pytest.raises(ValidationError) as refused:
        act(case, "dispatch", people.district_desk)

    assert "department" in refused.value.message_dict


# --- Capacity: who may act on this case --------------------------------------------------


def test_a_community_secretary_at_the_owning_node_cannot_accept_a_departments_dispatch(
    tree, people, departments
):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    act(case, "dispatch", people.community_desk, department=departments.district.code)
    before = written()

    with pytest.raises(TransitionNotAllowed):
        act(case, "accept", people.secretary)

    assert written() == before
    assert act(case, "accept", people.district_handler).state == "in_progress"


def test_the_desk_of_another_node_cannot_register(tree, people):
    case = file_case(tree, people.resident)

    for desk in (people.township_desk, people.outsider, people.city_desk):
        with pytest.raises(TransitionNotAllowed):
            act(case, "register", desk)

    assert Case.objects.get(pk=case.pk).state == "reported"


def test_a_handler_of_another_department_cannot_handle_the_case(
    tree, people, departments
):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    act(case, "dispatch", people.community_desk, department=departments.district.code)

    with pytest.raises(TransitionNotAllowed):
        act(case, "accept", people.city_handler)


# --- Escalation (逐级上报) and sending down ----------------------------------------------


def test_escalation_climbs_one_node_at_a_time_and_clears_the_handler(
    tree, people, departments
):
    case = dispatched_to_community(tree, people)
    act(case, "accept", people.secretary)

    case = act(case, "escalate", people.community_desk, note="社区无法解决")

    assert case.state == "registered"
    assert case.node == tree[TOWNSHIP]
    assert case.handler_region is None and case.handler_department is None
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.from_state, event.to_state) == ("in_progress", "registered")
    assert {"from_node": COMMUNITY, "to_node": TOWNSHIP}.items() <= event.data.items()
    assert event.actor_post.region == tree[COMMUNITY]
    assert _told(case, "escalated") == {"township_desk"}

    case = act(case, "escalate", people.township_desk, note="需要区里协调")
    assert case.node == tree[DISTRICT]
    case = act(case, "escalate", people.district_desk, note="需要市级部门")
    assert case.node == tree[CITY]
    assert [
        e.data["to_node"]
        for e in CaseEvent.objects.filter(case=case, action="escalate")
    ] == [TOWNSHIP, DISTRICT, CITY]


def test_each_escalation_gives_the_new_node_its_own_time(tree, people, time_machine):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    time_machine.move_to(local(2026, 12, 1, 10, 0), tick=False)

    case = act(case, "escalate", people.community_desk, note="社区无法解决")

    assert case.node_since == local(2026, 12, 1, 10, 0)
    # The township's default grace is half a working day after the later of its arrival
    # and the deadline.
    assert case.escalate_at == working_calendar_get().add_working_time(
        case.deadline, timedelta(hours=4)
    )


def test_escalation_above_the_city_is_refused_with_a_clear_error(tree, people):
    case = _escalated_to(tree, people, CITY)
    before = written()

    with (
        translation.override("en"),
        pytest.raises(TransitionNotAllowed) as refused,
    ):
        act(case, "escalate", people.city_desk, note="再往上")

    assert refused.value.message == (
        "The city is the highest level; there is nowhere to escalate."
    )
    assert written() == before
    assert Case.objects.get(pk=case.pk).node == tree[CITY]


def test_escalation_needs_a_reason(tree, people):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)

    with pytest.raises(ValidationError) as refused:
        act(case, "escalate", people.community_desk, note="  ")

    assert "note" in refused.value.message_dict


def test_a_higher_node_sends_a_case_back_down_with_instructions(tree, people):
    case = _escalated_to(tree, people, DISTRICT)

    case = act(case, "send_down", people.district_desk, note="请街道牵头处理")

    assert case.state == "registered"
    assert case.node == tree[TOWNSHIP]
    event = CaseEvent.objects.filter(case=case).last()
    assert {"from_node": DISTRICT, "to_node": TOWNSHIP}.items() <= event.data.items()
    assert event.note == "请街道牵头处理"
    assert _told(case, "sent_down") == {"township_desk"}


def test_nothing_lies_below_a_community(tree, people):
    case = _escalated_to(tree, people, TOWNSHIP)
    case = act(case, "send_down", people.township_desk, note="请社区处理")

    before = written()

    with pytest.raises(TransitionNotAllowed):
        act(case, "send_down", people.community_desk, note="再往下")

    assert written() == before


# --- Return (退回) ------------------------------------------------------------------------


def test_a_handler_returns_a_misdispatched_case_to_the_desk(tree, people, departments):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)
    act(case, "dispatch", people.community_desk, department=departments.district.code)

    case = act(case, "return", people.district_handler, note="不属于本部门职责")

    assert case.state == "registered"
    assert case.handler_department is None
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.action, event.from_state, event.to_state) == (
        "return",
        "dispatched",
        "registered",
    )
    assert event.actor_post.department == departments.district
    assert {"returned_by": departments.district.name}.items() <= event.data.items()
    assert _told(case, "returned") == {"community_desk"}


# --- Merging duplicates ---------------------------------------------------------------


def test_a_duplicate_merged_into_an_open_case_is_linked_to_it(tree, people):
    first = file_case(tree, people.resident)
    second = file_case(tree, people.resident, reporter_phone="13900001111")

    second = act(second, "merge", people.community_desk, into=first.number)

    assert second.state == "merged"
    assert second.merged_into == first
    event = CaseEvent.objects.filter(case=second).last()
    assert (event.from_state, event.to_state) == ("reported", "merged")
    assert event.data["into"] == first.number


@pytest.mark.parametrize("target", ["itself", "closed", "outside-the-area", "unknown"])
def test_a_case_merges_only_into_another_open_case_in_the_desks_area(
    tree, people, target
):
    case = file_case(tree, people.resident)
    if target == "itself":
        into = case.number
    elif target == "closed":
        into = closed_case(tree, people).number
    elif target == "outside-the-area":
        into = file_case(tree, people.resident, cell="410103001001001").number
    else:
        into = "20000101000001"
    before = written()

    with pytest.raises(ValidationError) as refused:
        act(case, "merge", people.community_desk, into=into)

    assert "into" in refused.value.message_dict
    assert written() == before


def test_every_reporter_of_merged_reports_hears_the_outcome_at_closure(tree, people):
    # Given two reports merged into a third, one of them by way of a case merged later
    main = file_case(tree, people.resident, reporter_phone="13800000001")
    early = file_case(tree, people.resident, reporter_phone="13800000002")
    act(early, "merge", people.community_desk, into=main.number)
    quiet = file_case(tree, people.resident, reporter_phone="")

    act(quiet, "merge", people.community_desk, into=main.number)
    assert OutboundMessage.objects.count() == 0

    # When the case is handled and verified
    act(main, "register", people.community_desk)
    act(main, "dispatch", people.community_desk)
    act(main, "accept", people.secretary)
    act(main, "handle", people.secretary, note="已清理")
    verification_photo(main, people.worker)
    act(main, "verify_pass", people.worker)

    # Then each reporter with a phone gets a message about their own report
    # (Addresses are encrypted at rest: they are sorted once read, not by the database.)
    messages = sorted(OutboundMessage.objects.all(), key=lambda m: m.address)
    assert [(m.address, m.case_id) for m in messages] == [
        ("13800000001", main.pk),
        ("13800000002", early.pk),
    ]
    assert early.number in messages[1].body


def test_reporters_of_a_chain_of_merges_all_hear_the_outcome(tree, people):
    main = file_case(tree, people.resident, reporter_phone="13800000001")
    middle = file_case(tree, people.resident, reporter_phone="13800000002")
    first = file_case(tree, people.resident, reporter_phone="13800000003")
    act(first, "merge", people.community_desk, into=middle.number)
    act(middle, "merge", people.community_desk, into=main.number)

    act(main, "register", people.community_desk)
    act(main, "dispatch", people.community_desk)
    act(main, "accept", people.secretary)
    act(main, "handle", people.secretary, note="已清理")
    verification_photo(main, people.worker)
    act(main, "verify_pass", people.worker)

    assert set(OutboundMessage.objects.values_list("address", flat=True)) == {
        "13800000001",
        "13800000002",
        "13800000003",
    }


def test_a_rejected_reports_reporter_hears_why(tree, people):
    case = file_case(tree, people.resident)

    act(case, "reject", people.community_desk, note="属于私人纠纷")

    message = OutboundMessage.objects.get()
    assert (message.channel, message.address) == ("sms", "13812345678")
    assert "属于私人纠纷" in message.body


# --- Verification, rework, reopening ---------------------------------------------------


def test_verification_needs_a_photo_taken_on_site(tree, people):
    case = dispatched_to_community(tree, people)
    # A photo of the other stages does not prove the visit.
    services.case_photo_add(
        case=case, actor=people.worker, stage="before", name="a.png", data=png_bytes()
    )
    act(case, "accept", people.secretary)
    case = act(case, "handle", people.secretary, note="已清理")
    before = written()

    for action in ("verify_pass", "verify_fail"):
        with pytest.raises(ValidationError) as refused:
            act(case, action, people.worker, note="现场查看")
        assert "photos" in refused.value.message_dict

    assert written() == before


def test_verification_binds_the_photo_to_its_event(tree, people):
    case = handled_by_community(tree, people)
    photo = verification_photo(case, people.worker)

    act(case, "verify_pass", people.worker)

    photo.refresh_from_db()
    assert photo.event.action == "verify_pass"
    # A second verification needs a new photo: the first one belongs to its event.
    case = act(case, "reopen", people.community_desk, note="居民不满意")
    act(case, "dispatch", people.community_desk)
    act(case, "accept", people.secretary)
    act(case, "handle", people.secretary, note="再次清理")
    with pytest.raises(ValidationError):
        act(case, "verify_pass", people.worker)


def test_a_failed_verification_sends_the_case_back_to_its_unit_for_rework(tree, people):
    case = handled_by_community(tree, people)
    verification_photo(case, people.worker)

    case = act(case, "verify_fail", people.worker, note="杂物仍在")

    assert case.state == "in_progress"
    assert case.handler_region == tree[COMMUNITY]
    assert case.handled_at is None
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.action, event.from_state, event.to_state) == (
        "verify_fail",
        "handled",
        "in_progress",
    )
    assert event.attachments.get().stage == "verification"
    assert _told(case, "rework") == {"secretary", "community_desk"}


def test_a_failed_check_of_a_problem_solved_on_the_spot_goes_to_the_community(
    tree, people
):
    case = file_case(tree, people.worker, channel="patrol", solved_on_the_spot=True)
    verification_photo(case, people.chief)

    case = act(case, "verify_fail", people.chief, note="并未处理到位")

    assert case.state == "in_progress"
    assert case.handler_region == tree[COMMUNITY]
    assert "secretary" in _told(case, "rework")
    # and the community can finish it
    case = act(case, "handle", people.secretary, note="已处理")
    assert case.state == "handled"


def test_reopening_restarts_the_clock(tree, people, time_machine):
    case = closed_case(tree, people)
    old_deadline = case.deadline
    time_machine.move_to(local(2026, 12, 14, 10, 0), tick=False)

    case = act(case, "reopen", people.community_desk, note="居民不满意，重新处理")

    assert case.state == "registered"
    assert case.started_at == local(2026, 12, 14, 10, 0)
    # The desk has four working hours to dispatch it again: 12:00, then 13:30–15:30.
    assert case.deadline == local(2026, 12, 14, 15, 30) != old_deadline
    assert case.light == "green"
    assert case.closed_at is None and case.handled_at is None
    assert case.handler_region is None
    assert case.escalate_at == case.deadline  # community: no grace by default
    assert _told(case, "reopened") == {"community_desk"}


# --- All or nothing ---------------------------------------------------------------------


def test_a_rolled_back_transition_leaves_no_event_notification_or_task(tree, people):
    case = handled_by_community(tree, people)
    verification_photo(case, people.worker)
    before = written()

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            act(case, "verify_pass", people.worker)
            # The closing message to the reporter and its delivery task were written…
            assert written()["messages"] == before["messages"] + 1
            assert written()["tasks"] == before["tasks"] + 1
            raise RuntimeError("the request failed after the service")

    # …and went away with the transaction.
    assert written() == before
    assert Case.objects.get(pk=case.pk).state == "handled"


def test_a_refused_transition_changes_nothing(tree, people):
    case = file_case(tree, people.resident)
    before = written()

    with pytest.raises(TransitionNotAllowed):
        act(case, "verify_pass", people.worker)

    assert written() == before


# --- Handling inside the grid (dispatch to a cell) -----------------------------------------


def test_a_desk_dispatches_to_a_cell_whose_grid_chief_accepts_and_handles_it(
    tree, people
):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)

    case = act(case, "dispatch", people.community_desk, region=CELL)

    assert case.handler_region == tree[CELL]
    assert Notification.objects.filter(
        case=case, kind="dispatched", recipient=people.chief
    ).exists()
    assert not Notification.objects.filter(
        case=case, kind="dispatched", recipient=people.worker
    ).exists()
    case = act(case, "accept", people.chief)
    case = act(case, "handle", people.chief, note="网格内已解决")
    assert case.state == "handled"
    # The grid chief who handled it does not verify it; a grid worker of the cell does.
    verification_photo(case, people.worker)
    with pytest.raises(TransitionNotAllowed):
        act(case, "verify_pass", people.chief)
    case = act(case, "verify_pass", people.worker)
    assert case.state == "closed"
    events = CaseEvent.objects.filter(case=case).order_by("created_at", "id")
    assert [(e.action, e.actor_post.role if e.actor_post else None) for e in events][
        -4:
    ] == [
        ("dispatch", "desk"),
        ("accept", "grid_chief"),
        ("handle", "grid_chief"),
        ("verify_pass", "grid_worker"),
    ]


def test_a_cell_without_a_grid_chief_cannot_be_dispatched_to(tree, people):
    other_cell = CELL[:12] + "002"
    case = file_case(tree, people.resident, cell=other_cell)
    act(case, "register", people.community_desk)
    before = written()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        act(case, "dispatch", people.community_desk, region=other_cell)

    assert refused.value.message_dict == {
        "region": ["This grid cell has no grid chief to handle the case."]
    }
    assert written() == before


def test_a_case_is_not_dispatched_to_a_cell_it_does_not_lie_in(tree, people):
    staff("other_chief", Role.GRID_CHIEF, tree[CELL[:12] + "002"])
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)

    with pytest.raises(ValidationError) as refused:
        act(case, "dispatch", people.community_desk, region=CELL[:12] + "002")

    assert "region" in refused.value.message_dict


def test_a_step_reads_the_assisting_units_once_for_the_actors_standing(tree, people):
    case = file_case(tree, people.resident)

    with CaptureQueriesContext(connection) as queries:
        act(case, "register", people.community_desk)

    assist_reads = [q for q in queries if 'FROM "cases_caseassist"' in q["sql"]]
    assert len(assist_reads) == 1
