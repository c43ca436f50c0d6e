"""Tracking and supervision: supervision orders, extensions, shelving, rating and return visits.

These services change flags and deadlines, never the state; each writes an event.
"""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wangge.cases import services
from wangge.cases.models import Case, CaseEvent, RequestStatus
from wangge.cases.tests.conftest import (
    COMMUNITY,
    SIBLING_DISTRICT,
    TOWNSHIP,
    png_bytes,
)
from wangge.cases.tests.steps import (
    act,
    closed_case,
    dispatched_to_community,
    local,
    verification_photo,
    written,
)
from wangge.notifications.models import Notification
from wangge.people.roles import Role
from wangge.people.tests.factories import staff


def _told(case, kind) -> set[str]:
    return set(
        Notification.objects.filter(case=case, kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def _last_event(case) -> CaseEvent:
    return CaseEvent.objects.filter(case=case).last()


@pytest.fixture
def in_progress(tree, people, time_machine):
    """A territorial case registered on Monday 30 November at 09:30, accepted by the community.

    Its limit is five working days: due Monday 7 December 09:30, yellow from Friday 09:30.
    """
    time_machine.move_to(local(2026, 11, 30, 9, 30), tick=False)
    case = dispatched_to_community(tree, people)
    return act(case, "accept", people.secretary)


@pytest.fixture
def above(tree):
    """Supervisors and leaders of the township above the case and of the sibling district."""
    return {
        "township_supervisor": staff(
            "township_supervisor", Role.SUPERVISOR, tree[TOWNSHIP]
        ),
        "township_leader": staff("township_leader", Role.LEADER, tree[TOWNSHIP]),
        "sibling_supervisor": staff(
            "sibling_supervisor", Role.SUPERVISOR, tree[SIBLING_DISTRICT]
        ),
        "sibling_leader": staff("sibling_leader", Role.LEADER, tree[SIBLING_DISTRICT]),
    }


def _supervise(case, actor, instructions="三日内处理完毕并回复", days=3):
    return services.case_supervise(
        case=case,
        actor=actor,
        instructions=instructions,
        due_at=local(2026, 11, 30, 9, 30) + timedelta(days=days),
    )


# --- Supervision orders (督办) ----------------------------------------------------------


def test_a_node_above_issues_a_supervision_order_that_the_unit_hears_of(
    in_progress, above, tree
):
    order = _supervise(in_progress, above["township_supervisor"])

    case = Case.objects.get(pk=in_progress.pk)
    assert case.is_supervised is True
    assert case.state == "in_progress"
    assert order.node == tree[TOWNSHIP]
    event = _last_event(case)
    assert (event.action, event.from_state, event.to_state) == (
        "supervise",
        "in_progress",
        "in_progress",
    )
    assert event.actor == above["township_supervisor"]
    assert event.actor_post.region == tree[TOWNSHIP]
    assert event.node == tree[COMMUNITY]
    assert event.data["node"] == TOWNSHIP
    assert _told(case, "supervision") == {"secretary", "community_desk"}


@pytest.mark.parametrize("who", ["sibling_supervisor", "township_supervisor", "desk"])
def test_a_supervision_order_comes_only_from_a_node_above(
    in_progress, above, people, who
):
    # Given the case escalated to the district: the township now lies below it
    case = act(in_progress, "escalate", people.community_desk, note="社区无法解决")
    case = act(case, "escalate", people.township_desk, note="需区里协调")
    actor = people.district_desk if who == "desk" else above[who]
    before = written()

    with pytest.raises(PermissionDenied):
        _supervise(case, actor)

    assert written() == before
    assert Case.objects.get(pk=case.pk).is_supervised is False


@pytest.mark.parametrize(
    ("instructions", "days", "field"),
    [("  ", 3, "instructions"), ("尽快处理", -1, "due_at")],
)
def test_a_supervision_order_needs_instructions_and_a_due_time_ahead(
    in_progress, people, instructions, days, field
):
    before = written()

    with pytest.raises(ValidationError) as refused:
        _supervise(in_progress, people.supervisor, instructions, days)

    assert field in refused.value.message_dict
    assert written() == before


def test_a_closed_case_is_not_supervised(tree, people):
    case = closed_case(tree, people)

    with pytest.raises(ValidationError) as refused:
        _supervise(case, people.supervisor)

    assert "state" in refused.value.message_dict


def test_the_units_reply_clears_the_flag_once_every_order_is_answered(
    in_progress, people, above
):
    first = _supervise(in_progress, people.supervisor)
    second = _supervise(in_progress, above["township_supervisor"], "请说明进展")

    services.supervision_reply(order=first, actor=people.secretary, reply="已安排清理")
    assert Case.objects.get(pk=in_progress.pk).is_supervised is True

    services.supervision_reply(
        order=second, actor=people.community_desk, reply="明日完成"
    )

    case = Case.objects.get(pk=in_progress.pk)
    assert case.is_supervised is False
    replies = CaseEvent.objects.filter(case=case, action="supervision_reply")
    assert [
        (e.actor.username, e.actor_post.role, e.data["order"]) for e in replies
    ] == [
        ("secretary", Role.COMMUNITY_SECRETARY, first.pk),
        ("community_desk", Role.DESK, second.pk),
    ]
    assert set(
        Notification.objects.filter(kind="supervision_replied").values_list(
            "recipient__username", flat=True
        )
    ) == {"supervisor", "township_supervisor"}


def test_an_order_is_answered_once_and_only_by_the_unit_or_the_node(
    in_progress, people
):
    order = _supervise(in_progress, people.supervisor)

    with pytest.raises(PermissionDenied):
        services.supervision_reply(order=order, actor=people.worker, reply="我来回复")
    with pytest.raises(ValidationError) as blank:
        services.supervision_reply(order=order, actor=people.secretary, reply=" ")
    services.supervision_reply(order=order, actor=people.secretary, reply="已处理")
    with pytest.raises(ValidationError) as twice:
        services.supervision_reply(order=order, actor=people.secretary, reply="再回复")

    assert "reply" in blank.value.message_dict
    assert "reply" in twice.value.message_dict


# --- Extensions (延期) -------------------------------------------------------------------


def _ask_for_more_time(case, people, amount=2, unit="days"):
    return services.extension_request(
        case=case,
        actor=people.secretary,
        amount=amount,
        unit=unit,
        reason="需要协调物业",
    )


def test_the_handling_unit_asks_for_more_time_and_the_desk_hears_of_it(
    in_progress, people
):
    request = _ask_for_more_time(in_progress, people)

    assert request.status == RequestStatus.PENDING
    event = _last_event(in_progress)
    assert event.action == "extension_request"
    assert event.actor_post.role == Role.COMMUNITY_SECRETARY
    assert event.data == {"request": request.pk, "amount": 2, "unit": "days"}
    assert _told(in_progress, "extension_requested") == {"community_desk"}


@pytest.mark.parametrize(
    ("amount", "unit", "reason", "field"),
    [
        (0, "days", "理由", "amount"),
        (1, "weeks", "理由", "unit"),
        (1, "days", " ", "reason"),
    ],
)
def test_a_bad_request_for_more_time_is_named_and_writes_nothing(
    in_progress, people, amount, unit, reason, field
):
    before = written()

    with pytest.raises(ValidationError) as refused:
        services.extension_request(
            case=in_progress,
            actor=people.secretary,
            amount=amount,
            unit=unit,
            reason=reason,
        )

    assert field in refused.value.message_dict
    assert written() == before


def test_only_the_handling_unit_asks_for_more_time_and_only_once_at_a_time(
    in_progress, people
):
    with pytest.raises(PermissionDenied):
        services.extension_request(
            case=in_progress, actor=people.worker, amount=1, unit="days", reason="需要"
        )
    _ask_for_more_time(in_progress, people)

    with pytest.raises(ValidationError) as again:
        _ask_for_more_time(in_progress, people)

    assert "amount" in again.value.message_dict


def test_an_approved_extension_moves_the_deadline_by_working_time_over_a_weekend(
    tree, people, time_machine
):
    # Given a case registered on Thursday 3 December at 09:30, due Thursday 10 December
    time_machine.move_to(local(2026, 12, 3, 9, 30), tick=False)
    case = dispatched_to_community(tree, people)
    case = act(case, "accept", people.secretary)
    assert case.deadline == local(2026, 12, 10, 9, 30)
    request = _ask_for_more_time(case, people, amount=2, unit="days")

    # When the desk approves two working days more
    time_machine.move_to(local(2026, 12, 9, 15, 0), tick=False)
    services.extension_decide(
        request=request, actor=people.community_desk, approve=True, note="同意"
    )

    # Then the deadline skips the weekend: Monday 14 December 09:30
    case = Case.objects.get(pk=case.pk)
    assert case.deadline == local(2026, 12, 14, 9, 30)
    # 80 % of seven working days from the start: Thursday 10 December 15:30
    assert case.warning_at == local(2026, 12, 10, 15, 30)
    # Yellow by the old warning instant (Wednesday 09:30), green by the new one.
    assert case.light == "green"
    event = _last_event(case)
    assert event.action == "extension_approved"
    assert event.actor_post.role == Role.DESK
    assert datetime.fromisoformat(event.data["deadline"]) == case.deadline
    assert _told(case, "extension_decided") == {"secretary"}


def test_an_extension_in_hours_counts_office_hours_only(
    in_progress, people, time_machine
):
    request = _ask_for_more_time(in_progress, people, amount=3, unit="hours")

    services.extension_decide(
        request=request, actor=people.community_desk, approve=True
    )

    # Monday 7 December 09:30 plus three office hours: 12:00, then 13:30 to 14:00.
    assert Case.objects.get(pk=in_progress.pk).deadline == local(2026, 12, 7, 14, 0)


def test_a_refused_extension_leaves_the_deadline(in_progress, people):
    request = _ask_for_more_time(in_progress, people)

    request = services.extension_decide(
        request=request, actor=people.community_desk, approve=False, note="时限足够"
    )

    case = Case.objects.get(pk=in_progress.pk)
    assert request.status == RequestStatus.REFUSED
    assert (case.deadline, case.warning_at) == (
        in_progress.deadline,
        in_progress.warning_at,
    )
    assert _last_event(case).action == "extension_refused"
    assert _told(case, "extension_decided") == {"secretary"}


def test_the_handler_cannot_approve_its_own_request_and_a_decision_is_final(
    in_progress, people
):
    request = _ask_for_more_time(in_progress, people)

    with pytest.raises(PermissionDenied):
        services.extension_decide(request=request, actor=people.secretary, approve=True)
    services.extension_decide(
        request=request, actor=people.community_desk, approve=False
    )
    with pytest.raises(ValidationError) as again:
        services.extension_decide(
            request=request, actor=people.community_desk, approve=True
        )

    assert "status" in again.value.message_dict


# --- Shelving (挂账) ---------------------------------------------------------------------


def _shelve(case, people, leader):
    request = services.shelving_request(
        case=case, actor=people.secretary, reason="涉及拆迁，暂无法处理"
    )
    return services.shelving_decide(request=request, actor=leader, approve=True)


def test_a_request_to_shelve_reaches_the_nearest_leaders_above(
    in_progress, people, above
):
    services.shelving_request(
        case=in_progress, actor=people.secretary, reason="涉及拆迁，暂无法处理"
    )

    assert _last_event(in_progress).action == "shelving_request"
    assert _told(in_progress, "shelving_requested") == {"township_leader"}


def test_approved_shelving_stops_the_clock_and_tells_the_unit(
    in_progress, people, above, time_machine
):
    time_machine.move_to(local(2026, 12, 1, 9, 30), tick=False)

    _shelve(in_progress, people, above["township_leader"])

    case = Case.objects.get(pk=in_progress.pk)
    assert case.is_shelved is True
    assert case.shelved_since == local(2026, 12, 1, 9, 30)
    assert case.state == "in_progress"
    event = _last_event(case)
    assert (event.action, event.actor_post.role) == ("shelved", Role.LEADER)
    assert _told(case, "shelving_decided") == {"secretary"}


def test_a_leader_of_another_district_or_the_desk_may_not_shelve(
    in_progress, people, above
):
    request = services.shelving_request(
        case=in_progress, actor=people.secretary, reason="暂无法处理"
    )

    for actor in (above["sibling_leader"], people.community_desk):
        with pytest.raises(PermissionDenied):
            services.shelving_decide(request=request, actor=actor, approve=True)

    assert Case.objects.get(pk=in_progress.pk).is_shelved is False


def test_refused_shelving_leaves_the_clock_running(in_progress, people):
    request = services.shelving_request(
        case=in_progress, actor=people.secretary, reason="暂无法处理"
    )

    services.shelving_decide(request=request, actor=people.leader, approve=False)

    case = Case.objects.get(pk=in_progress.pk)
    assert case.is_shelved is False
    assert _last_event(case).action == "shelving_refused"


def test_a_case_closed_while_the_request_waited_is_not_shelved(in_progress, people):
    request = services.shelving_request(
        case=in_progress, actor=people.secretary, reason="暂无法处理"
    )
    act(in_progress, "handle", people.secretary, note="已处理")
    verification_photo(in_progress, people.worker)
    act(in_progress, "verify_pass", people.worker)

    with pytest.raises(ValidationError) as refused:
        services.shelving_decide(request=request, actor=people.leader, approve=True)

    assert "state" in refused.value.message_dict
    assert Case.objects.get(pk=in_progress.pk).is_shelved is False


def test_release_moves_deadline_and_warning_by_the_shelved_working_time(
    in_progress, people, time_machine
):
    # Shelved from Tuesday 09:30 to Thursday 09:30: two working days.
    time_machine.move_to(local(2026, 12, 1, 9, 30), tick=False)
    _shelve(in_progress, people, people.leader)
    time_machine.move_to(local(2026, 12, 3, 9, 30), tick=False)

    case = services.shelving_release(
        case=in_progress, actor=people.leader, note="可以处理"
    )

    assert case.is_shelved is False and case.shelved_since is None
    assert case.deadline == local(2026, 12, 9, 9, 30)
    assert case.warning_at == local(2026, 12, 8, 9, 30)
    assert case.escalate_at == case.deadline
    assert _last_event(case).action == "unshelved"
    assert case.shelving_requests.get().released_at == local(2026, 12, 3, 9, 30)


def test_shelving_over_a_weekend_moves_the_deadline_by_working_days_only(
    in_progress, people, time_machine
):
    # Friday 17:30 to Monday 08:30 is no office time at all.
    time_machine.move_to(local(2026, 12, 4, 17, 30), tick=False)
    _shelve(in_progress, people, people.leader)
    time_machine.move_to(local(2026, 12, 7, 8, 30), tick=False)

    case = services.shelving_release(case=in_progress, actor=people.leader)

    assert case.deadline == in_progress.deadline


def test_an_extension_after_shelving_does_not_count_the_shelved_time(
    in_progress, people, time_machine
):
    # Given two working days on the shelf, Tuesday to Thursday
    time_machine.move_to(local(2026, 12, 1, 9, 30), tick=False)
    _shelve(in_progress, people, people.leader)
    time_machine.move_to(local(2026, 12, 3, 9, 30), tick=False)
    services.shelving_release(case=in_progress, actor=people.leader)

    # When one working day more is approved
    request = _ask_for_more_time(in_progress, people, amount=1, unit="days")
    services.extension_decide(
        request=request, actor=people.community_desk, approve=True
    )

    # Then the limit is six working days of clock time, and yellow comes at 80 % of them:
    # one day before the shelf, then 3.8 days after it.
    case = Case.objects.get(pk=in_progress.pk)
    assert case.deadline == local(2026, 12, 10, 9, 30)
    assert case.warning_at == local(2026, 12, 8, 17, 0)
    assert case.light == "green"


def test_an_extension_approved_on_the_shelf_ends_where_one_approved_after_it_does(
    in_progress, people, time_machine
):
    time_machine.move_to(local(2026, 12, 1, 9, 30), tick=False)
    _shelve(in_progress, people, people.leader)
    time_machine.move_to(local(2026, 12, 2, 10, 0), tick=False)
    request = _ask_for_more_time(in_progress, people, amount=1, unit="days")
    services.extension_decide(
        request=request, actor=people.community_desk, approve=True
    )
    assert Case.objects.get(pk=in_progress.pk).light == "green"
    time_machine.move_to(local(2026, 12, 3, 9, 30), tick=False)

    case = services.shelving_release(case=in_progress, actor=people.leader)

    assert case.deadline == local(2026, 12, 10, 9, 30)
    assert case.warning_at == local(2026, 12, 8, 17, 0)


def test_only_a_shelved_case_comes_off_the_shelf(in_progress, people):
    with pytest.raises(ValidationError) as refused:
        services.shelving_release(case=in_progress, actor=people.leader)

    assert "state" in refused.value.message_dict


def test_a_case_is_shelved_once_at_a_time(in_progress, people):
    services.shelving_request(case=in_progress, actor=people.secretary, reason="暂缓")

    with pytest.raises(ValidationError) as refused:
        services.shelving_request(
            case=in_progress, actor=people.secretary, reason="再次"
        )

    assert "reason" in refused.value.message_dict


# --- Rating and return visit (回访) -------------------------------------------------------


def test_only_a_closed_case_is_rated(in_progress, people):
    with pytest.raises(ValidationError) as refused:
        services.case_rate(
            case=in_progress, actor=people.resident, satisfaction="satisfied"
        )

    assert "satisfaction" in refused.value.message_dict
    assert not CaseEvent.objects.filter(case=in_progress, action="rate").exists()


def test_the_reporter_rates_the_closed_case(tree, people):
    case = closed_case(tree, people)

    case = services.case_rate(
        case=case, actor=people.resident, satisfaction="satisfied", comment="处理很快"
    )

    assert (case.satisfaction, case.rating_comment) == ("satisfied", "处理很快")
    assert case.rated_at is not None
    event = _last_event(case)
    assert (event.action, event.actor, event.actor_post) == (
        "rate",
        people.resident,
        None,
    )
    assert event.data == {"satisfaction": "satisfied"}
    assert not _told(case, "rated")


def test_an_unsatisfied_rating_asks_the_desk_for_a_return_visit(tree, people):
    case = closed_case(tree, people)

    services.case_rate(
        case=case,
        actor=people.community_desk,
        satisfaction="unsatisfied",
        comment="杂物又堆回来了",
    )

    assert _last_event(case).actor_post.role == Role.DESK
    assert _told(case, "rated") == {"community_desk"}


@pytest.mark.parametrize(
    ("who", "value"), [("worker", "satisfied"), ("resident", "great")]
)
def test_a_rating_comes_from_the_reporter_or_the_desk_on_the_scale(
    tree, people, who, value
):
    case = closed_case(tree, people)
    before = written()

    with pytest.raises((PermissionDenied, ValidationError)) as refused:
        services.case_rate(case=case, actor=getattr(people, who), satisfaction=value)

    if who == "worker":
        assert refused.type is PermissionDenied
    else:
        assert "satisfaction" in refused.value.message_dict
    assert written() == before


def test_the_desk_records_a_return_visit(tree, people):
    case = closed_case(tree, people)
    services.case_rate(case=case, actor=people.resident, satisfaction="unsatisfied")

    services.case_return_visit(
        case=case, actor=people.community_desk, note="已电话回访，居民认可"
    )

    event = _last_event(case)
    assert (event.action, event.from_state, event.to_state) == (
        "return_visit",
        "closed",
        "closed",
    )
    assert event.note == "已电话回访，居民认可"
    assert event.actor_post.role == Role.DESK


def test_a_return_visit_needs_a_note_and_the_desk(tree, people):
    case = closed_case(tree, people)

    with pytest.raises(ValidationError):
        services.case_return_visit(case=case, actor=people.community_desk, note=" ")
    with pytest.raises(PermissionDenied):
        services.case_return_visit(case=case, actor=people.secretary, note="回访了")


# --- Steps that no longer make sense (issue 6) ---------------------------------------------


def test_a_supervisor_may_not_answer_the_order_they_issued(tree, people):
    case = dispatched_to_community(tree, people)
    for desk in (people.community_desk, people.township_desk, people.district_desk):
        act(case, "escalate", desk, note="逐级上报")
    order = services.case_supervise(
        case=case,
        actor=people.supervisor,
        instructions="限期办结",
        due_at=local(2026, 12, 2, 9, 0),
    )
    before = written()

    with pytest.raises(PermissionDenied):
        services.supervision_reply(order=order, actor=people.supervisor, reply="已办")

    assert written() == before
    services.supervision_reply(order=order, actor=people.city_desk, reply="已派遣")


def test_a_leader_at_the_node_does_not_answer_their_own_order(tree, people):
    case = dispatched_to_community(tree, people)
    for desk in (people.community_desk, people.township_desk, people.district_desk):
        act(case, "escalate", desk, note="逐级上报")
    order = services.case_supervise(
        case=case,
        actor=people.leader,
        instructions="限期办结",
        due_at=local(2026, 12, 2, 9, 0),
    )

    with pytest.raises(PermissionDenied):
        services.supervision_reply(order=order, actor=people.leader, reply="已办")


def test_a_case_is_rated_once(tree, people):
    case = closed_case(tree, people)
    services.case_rate(case=case, actor=people.resident, satisfaction="satisfied")
    before = written()

    with pytest.raises(ValidationError) as refused:
        services.case_rate(case=case, actor=people.resident, satisfaction="unsatisfied")

    assert "satisfaction" in refused.value.message_dict
    assert written() == before
    assert Case.objects.get(pk=case.pk).satisfaction == "satisfied"


def test_reopening_clears_the_rating_for_the_next_round(tree, people):
    case = closed_case(tree, people)
    services.case_rate(case=case, actor=people.resident, satisfaction="unsatisfied")

    case = act(case, "reopen", people.community_desk, note="居民不满意")

    assert (case.satisfaction, case.rated_at) == ("", None)
    assert CaseEvent.objects.filter(case=case, action="rate").count() == 1


def test_no_more_time_is_asked_for_once_the_work_is_reported_done(in_progress, people):
    case = act(in_progress, "handle", people.secretary, note="已清理")
    before = written()

    with pytest.raises(ValidationError) as refused:
        services.extension_request(
            case=case, actor=people.secretary, amount=1, unit="days", reason="再看看"
        )

    assert "state" in refused.value.message_dict
    assert written() == before


def test_more_time_is_not_approved_once_the_work_is_reported_done(in_progress, people):
    request = services.extension_request(
        case=in_progress, actor=people.secretary, amount=1, unit="days", reason="协调"
    )
    act(in_progress, "handle", people.secretary, note="已清理")

    with pytest.raises(ValidationError) as refused:
        services.extension_decide(
            request=request, actor=people.community_desk, approve=True
        )

    assert "status" in refused.value.message_dict
    services.extension_decide(
        request=request, actor=people.community_desk, approve=False
    )


def test_no_photo_is_added_to_a_closed_case(tree, people):
    case = closed_case(tree, people)
    before = written()

    for actor, stage in (
        (people.worker, "verification"),
        (people.worker, "before"),
        (people.secretary, "after"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.case_photo_add(
                case=case, actor=actor, stage=stage, name="a.png", data=png_bytes()
            )
        assert "stage" in refused.value.message_dict

    assert written() == before
