"""Who files what at intake (`cases.filing`, applied by `case_create`): channels, priority,
the node a case starts at, who hears of it, and the duplicates the filer is shown."""

import pytest
from django.core.exceptions import ValidationError

from wangge.cases import services
from wangge.cases.access import cases_visible_to
from wangge.cases.filing import channels_open_to, priorities_open_to
from wangge.cases.models import CaseEvent
from wangge.cases.tests.conftest import (
    CELL,
    CITY,
    COMMUNITY,
    DISTRICT,
    SIBLING_DISTRICT,
    TOWNSHIP,
)
from wangge.cases.tests.steps import act, file_case, report_for, written
from wangge.notifications.models import Notification
from wangge.people.tests.factories import UserFactory

METRE = 1 / 111_320
PUBLIC = ("resident", "api", "open311")


def _told(case) -> set[str]:
    return set(
        Notification.objects.filter(case=case, kind="new_case").values_list(
            "recipient__username", flat=True
        )
    )


@pytest.mark.parametrize(
    ("person", "channels"),
    [
        ("resident", PUBLIC),
        ("worker", ("patrol", "api", "open311")),
        ("secretary", ("patrol", "resident", "api", "open311")),
        (
            "city_desk",
            ("hotline", "resident", "assignment", "transfer", "api", "open311"),
        ),
        ("city_handler", ("transfer", "api", "open311")),
        ("leader", ("assignment", "api", "open311")),
    ],
)
def test_each_filer_files_in_the_channels_of_their_posts(people, person, channels):
    assert channels_open_to(getattr(people, person)) == channels


def test_nobody_signed_in_files_as_the_public():
    assert channels_open_to(None) == PUBLIC
    assert priorities_open_to(None) == ("normal",)


def test_a_superuser_files_in_every_channel_at_every_priority(db):
    root = UserFactory(is_superuser=True)

    assert set(channels_open_to(root)) == {
        "resident",
        "patrol",
        "hotline",
        "assignment",
        "transfer",
        "api",
        "open311",
    }
    assert priorities_open_to(root) == ("normal", "urgent")


@pytest.mark.parametrize("channel", ["assignment", "hotline", "patrol", "transfer"])
def test_an_account_without_a_post_cannot_file_in_a_staff_channel(
    tree, people, channel
):
    before = written()

    with pytest.raises(ValidationError) as refused:
        file_case(tree, people.resident, channel=channel)

    assert set(refused.value.message_dict) == {"channel"}
    assert written() == before


def test_a_grid_worker_may_mark_a_patrol_report_urgent(tree, people):
    case = file_case(tree, people.worker, channel="patrol", priority="urgent")

    assert case.priority == "urgent"


def test_a_grid_worker_cannot_file_an_assignment(tree, people):
    with pytest.raises(ValidationError) as refused:
        file_case(tree, people.worker, channel="assignment")

    assert set(refused.value.message_dict) == {"channel"}


@pytest.mark.parametrize(
    ("desk", "node"),
    [
        ("community_desk", COMMUNITY),
        ("township_desk", TOWNSHIP),
        ("district_desk", DISTRICT),
        ("city_desk", CITY),
    ],
)
def test_a_desk_registers_what_it_takes_in_at_its_own_node(tree, people, desk, node):
    case = file_case(tree, getattr(people, desk), channel="hotline")

    assert case.node == tree[node]
    assert CaseEvent.objects.get(case=case).node == tree[node]


def test_the_city_desk_registers_and_dispatches_its_own_hotline_call(
    tree, people, departments
):
    case = file_case(tree, people.city_desk, channel="hotline")

    act(case, "register", people.city_desk)
    case = act(case, "dispatch", people.city_desk, department=departments.city.code)

    assert case.state == "dispatched"
    assert case.handler_department == departments.city


def test_a_desk_taking_a_call_from_outside_its_area_starts_it_at_the_cells_community(
    tree, people
):
    case = file_case(tree, people.outsider, channel="hotline")

    assert case.node == tree[COMMUNITY]
    assert not tree[CELL].path.startswith(tree[SIBLING_DISTRICT].path)


def test_a_patrol_report_starts_at_the_cells_community(tree, people):
    case = file_case(tree, people.worker, channel="patrol")

    assert case.node == tree[COMMUNITY]


def test_a_resident_follows_what_they_file_through_any_public_channel(tree, people):
    case = file_case(tree, people.resident, channel="api")

    assert case.reporter_user == people.resident
    assert cases_visible_to(people.resident).filter(pk=case.pk).exists()


def test_staff_taking_a_callers_report_are_not_its_reporter(tree, people):
    case = file_case(tree, people.community_desk, channel="resident")

    assert case.reporter_user is None
    assert case.created_by == people.community_desk


def test_a_grid_worker_is_not_told_of_their_own_report(tree, people):
    case = file_case(tree, people.worker, channel="patrol")

    assert _told(case) == {"chief", "secretary"}


def test_a_case_registered_at_the_city_is_told_to_the_cells_grid_only(tree, people):
    case = file_case(tree, people.city_desk, channel="hotline")

    assert _told(case) == {"worker", "chief"}


def test_possible_duplicates_name_only_cases_the_filer_may_see(tree, people):
    cell = tree[CELL]
    first = file_case(tree, people.resident)
    near = {"lat": cell.centroid_lat + 30 * METRE}

    neighbour = services.case_create(
        report=report_for(tree, **near), actor=UserFactory(username="neighbour")
    )
    desk = services.case_create(
        report=report_for(tree, channel="hotline", **near), actor=people.community_desk
    )
    outsider = services.case_create(
        report=report_for(tree, channel="hotline", **near), actor=people.outsider
    )

    assert neighbour.possible_duplicates == []
    assert first in desk.possible_duplicates
    assert outsider.possible_duplicates == []


def test_a_replay_names_only_duplicates_the_filer_may_see(tree, people):
    file_case(tree, people.community_desk, channel="hotline")
    report = report_for(tree, lat=tree[CELL].centroid_lat + 30 * METRE)
    services.case_create(report=report, actor=people.resident, idempotency_key="k")

    replay = services.case_create(
        report=report, actor=people.resident, idempotency_key="k"
    )

    assert replay.replayed is True
    assert replay.possible_duplicates == []


def test_tabs_and_line_breaks_are_kept_in_a_description(tree, people):
    case = file_case(tree, people.resident, description="一楼\t楼道\r\n二楼也堵了")

    assert case.description == "一楼\t楼道\r\n二楼也堵了"


def test_every_text_with_control_characters_is_named(tree, people):
    report = report_for(
        tree, description="a\x00", address="b\x01", reporter_name="c\x7f"
    )

    with pytest.raises(ValidationError) as refused:
        services.case_create(report=report, actor=people.resident)

    assert set(refused.value.message_dict) == {
        "description",
        "address",
        "reporter_name",
    }
