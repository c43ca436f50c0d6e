"""Co-handling (条块融合): a lead and assisting units, each accepting and reporting its part."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from wangge.cases import services
from wangge.cases.access import can_see_reporter, case_work_q, cases_visible_to
from wangge.cases.models import Case, CaseAssist, CaseEvent
from wangge.cases.tests.conftest import SIBLING_DISTRICT, TOWNSHIP
from wangge.cases.tests.steps import (
    act,
    dispatched_to_community,
    file_case,
    verification_photo,
    written,
)
from wangge.notifications.models import Notification
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db

NEIGHBOUR = TOWNSHIP + "002"


@pytest.fixture
def in_progress(tree, people):
    """A territorial case the community accepted: it leads."""
    case = dispatched_to_community(tree, people)
    return act(case, "accept", people.secretary)


@pytest.fixture
def neighbour(tree):
    return staff("neighbour", Role.COMMUNITY_SECRETARY, tree[NEIGHBOUR])


def _assist_department(case, people, departments) -> CaseAssist:
    return services.assist_add(
        case=case,
        actor=people.community_desk,
        task="清运垃圾",
        department=departments.district.code,
    )


def test_the_desk_asks_a_department_to_assist_and_it_hears_of_it(
    in_progress, people, departments
):
    assist = _assist_department(in_progress, people, departments)

    assert assist.department == departments.district
    assert assist.accepted_at is None
    event = CaseEvent.objects.filter(case=in_progress).last()
    assert (event.action, event.from_state, event.to_state) == (
        "assist_add",
        "in_progress",
        "in_progress",
    )
    assert event.data == {"assist": assist.pk, "department": departments.district.code}
    assert event.actor_post.role == Role.DESK
    assert Notification.objects.filter(
        case=in_progress, kind="assist_requested", recipient=people.district_handler
    ).exists()


def test_an_assisting_department_sees_the_case_and_has_it_in_its_work_while_open(
    in_progress, people, departments
):
    handler = people.district_handler
    assert not cases_visible_to(handler).filter(pk=in_progress.pk).exists()
    assist = _assist_department(in_progress, people, departments)

    assert cases_visible_to(handler).filter(pk=in_progress.pk).exists()
    mine = Case.objects.filter(case_work_q(handler))
    assert list(mine) == [in_progress]
    services.assist_accept(assist=assist, actor=handler)
    assert list(Case.objects.filter(case_work_q(handler))) == [in_progress]
    services.assist_report(assist=assist, actor=handler, report="已清运")
    assert not Case.objects.filter(case_work_q(handler)).exists()
    # Still visible: the department took part in the case.
    assert cases_visible_to(handler).filter(pk=in_progress.pk).exists()


def test_an_assisting_part_is_accepted_then_reported_and_the_lead_hears_of_it(
    in_progress, people, departments
):
    assist = _assist_department(in_progress, people, departments)

    services.assist_accept(assist=assist, actor=people.district_handler, note="收到")
    assist = services.assist_report(
        assist=assist, actor=people.district_handler, report="已清运"
    )

    assert assist.accepted_by == people.district_handler
    assert assist.reported_at is not None
    events = CaseEvent.objects.filter(case=in_progress).order_by("id")
    assert [e.action for e in events][-2:] == ["assist_accept", "assist_report"]
    assert events.last().actor_post.role == Role.DEPARTMENT_HANDLER
    assert Notification.objects.filter(
        case=in_progress, kind="assist_reported", recipient=people.secretary
    ).exists()
    assert Case.objects.get(pk=in_progress.pk).state == "in_progress"


def test_a_territorial_neighbour_assists_too(in_progress, people, neighbour):
    assist = services.assist_add(
        case=in_progress, actor=people.secretary, task="协调物业", region=NEIGHBOUR
    )

    assert cases_visible_to(neighbour).filter(pk=in_progress.pk).exists()
    services.assist_accept(assist=assist, actor=neighbour)
    services.assist_report(assist=assist, actor=neighbour, report="已协调")
    assert CaseAssist.objects.get(pk=assist.pk).reported_at is not None


def test_only_the_assisting_unit_takes_its_part(in_progress, people, departments):
    assist = _assist_department(in_progress, people, departments)
    before = written()

    for intruder in (people.city_handler, people.secretary, people.outsider):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.assist_accept(assist=assist, actor=intruder)

    assert written() == before


def test_a_part_is_reported_only_once_accepted(in_progress, people, departments):
    assist = _assist_department(in_progress, people, departments)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.assist_report(
            assist=assist, actor=people.district_handler, report="已清运"
        )

    assert refused.value.message_dict == {
        "state": ["Accept the part before reporting it."]
    }


def test_the_lead_cannot_assist_itself_nor_a_unit_be_asked_twice(
    in_progress, people, departments
):
    _assist_department(in_progress, people, departments)

    with pytest.raises(ValidationError) as twice:
        _assist_department(in_progress, people, departments)
    with pytest.raises(ValidationError) as lead:
        services.assist_add(
            case=in_progress,
            actor=people.community_desk,
            task="自己",
            region=in_progress.handler_region.code,
        )

    assert "department" in twice.value.message_dict
    assert "region" in lead.value.message_dict


def test_units_far_from_the_case_are_not_asked(in_progress, people, tree):
    with pytest.raises(ValidationError) as refused:
        services.assist_add(
            case=in_progress,
            actor=people.community_desk,
            task="远方",
            region=SIBLING_DISTRICT + "001",
        )
    assert "region" in refused.value.message_dict


def test_only_the_desk_or_the_lead_asks_for_assistance(
    in_progress, people, departments
):
    before = written()
    for stranger in (people.worker, people.district_handler, people.supervisor):
        with pytest.raises(PermissionDenied):
            services.assist_add(
                case=in_progress,
                actor=stranger,
                task="帮忙",
                department=departments.district.code,
            )
    assert written() == before


def test_assistance_is_asked_only_while_the_case_is_handled(tree, people, departments):
    case = file_case(tree, people.resident)
    act(case, "register", people.community_desk)

    with pytest.raises((PermissionDenied, ValidationError)):
        services.assist_add(
            case=case,
            actor=people.community_desk,
            task="帮忙",
            department=departments.district.code,
        )

    assert not CaseAssist.objects.exists()


def test_the_lead_reports_handled_over_an_open_part_only_saying_why(
    in_progress, people, departments
):
    _assist_department(in_progress, people, departments)
    before = written()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        act(in_progress, "handle", people.secretary)

    assert refused.value.message_dict == {
        "note": [
            "区城市管理局 have not reported their part yet: say why the case is "
            "handled without it."
        ]
    }
    assert written() == before
    case = act(in_progress, "handle", people.secretary, note="部门未到场，社区已清理")
    assert case.state == "handled"
    event = CaseEvent.objects.filter(case=case).last()
    assert event.data["open_assists"] == ["区城市管理局"]


def test_the_lead_closes_the_case_once_every_part_is_reported(
    in_progress, people, departments
):
    assist = _assist_department(in_progress, people, departments)
    services.assist_accept(assist=assist, actor=people.district_handler)
    services.assist_report(
        assist=assist, actor=people.district_handler, report="已清运"
    )

    case = act(in_progress, "handle", people.secretary)
    verification_photo(case, people.worker)
    case = act(case, "verify_pass", people.worker)

    assert case.state == "closed"
    handle = CaseEvent.objects.filter(case=case, action="handle").get()
    assert "open_assists" not in handle.data


def test_an_assisting_department_reads_the_reporters_phone_masked(
    in_progress, people, departments
):
    _assist_department(in_progress, people, departments)
    case = Case.objects.get(pk=in_progress.pk)

    assert not can_see_reporter(people.district_handler, case)
    assert can_see_reporter(people.secretary, case)
