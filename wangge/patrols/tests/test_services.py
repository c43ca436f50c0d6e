"""The patrol services against the database: lifecycle, one open patrol, points, findings."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wangge.cases.models import CaseAttachment, CaseEvent
from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.patrols import services
from wangge.patrols.models import CheckIn, Finding, Patrol, PatrolPoint, PatrolStatus
from wangge.patrols.tests.conftest import handled_case, minutes_ago, png_bytes, report

pytestmark = pytest.mark.django_db


def point(cell, minutes_ago_=0, dlat=0.0, **overrides):
    fields = {
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat + dlat,
        "accuracy": 8.0,
        "recorded_at": (clock.now() - timedelta(minutes=minutes_ago_)).isoformat(),
    }
    fields.update(overrides)
    return services.TrackPoint(**fields)


def test_a_grid_worker_starts_a_patrol_of_their_cell(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    assert patrol.cell == cell
    assert patrol.cell_path == cell.path
    assert patrol.status == PatrolStatus.OPEN
    assert patrol.started_at <= clock.now()


def test_a_worker_has_one_open_patrol_at_most(people):
    services.patrol_start(worker=people.worker)
    with pytest.raises(ValidationError) as raised:
        services.patrol_start(worker=people.worker)
    assert "patrol" in raised.value.message_dict
    assert Patrol.objects.count() == 1


def test_after_ending_a_new_patrol_may_start(people):
    first = services.patrol_start(worker=people.worker)
    services.patrol_end(patrol=first, actor=people.worker)
    second = services.patrol_start(worker=people.worker)
    assert second.pk != first.pk


def test_someone_without_a_grid_post_may_not_patrol(people, cell):
    with pytest.raises(ValidationError) as raised:
        services.patrol_start(worker=people.community_desk, cell=cell)
    assert "cell" in raised.value.message_dict
    assert not Patrol.objects.exists()


def test_a_worker_may_not_patrol_another_cell(people, tree, other_worker):
    with pytest.raises(ValidationError):
        services.patrol_start(worker=people.worker, cell=tree["410103001001001"])


def test_points_are_added_in_bulk_and_a_batch_sent_twice_adds_nothing(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    batch = [point(cell, 0, dlat=0.001 * i) for i in range(3)]
    assert services.patrol_points_add(
        patrol=patrol, actor=people.worker, points=batch
    ) == (3, 3)
    assert services.patrol_points_add(
        patrol=patrol, actor=people.worker, points=batch
    ) == (0, 3)
    assert PatrolPoint.objects.filter(patrol=patrol).count() == 3


def test_a_point_far_from_the_cell_refuses_the_batch_naming_it(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    batch = [point(cell), point(cell, lon=116.4, lat=39.9, recorded_at=minutes_ago(-1))]
    with pytest.raises(ValidationError) as raised:
        services.patrol_points_add(patrol=patrol, actor=people.worker, points=batch)
    assert list(raised.value.message_dict) == ["points[1].lon"]
    assert not PatrolPoint.objects.exists()


def test_a_point_with_an_unreadable_time_is_named(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    with pytest.raises(ValidationError) as raised:
        services.patrol_points_add(
            patrol=patrol,
            actor=people.worker,
            points=[point(cell, recorded_at="yesterday")],
        )
    assert list(raised.value.message_dict) == ["points[0].recorded_at"]


def test_only_the_patrols_worker_adds_to_it(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    with pytest.raises(PermissionDenied):
        services.patrol_points_add(
            patrol=patrol, actor=people.chief, points=[point(cell)]
        )


def test_an_ended_patrol_takes_no_more_points(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    services.patrol_end(patrol=patrol, actor=people.worker)
    with pytest.raises(ValidationError) as raised:
        services.patrol_points_add(
            patrol=patrol, actor=people.worker, points=[point(cell)]
        )
    assert "patrol" in raised.value.message_dict


def test_ending_measures_the_track(people, cell, time_machine):
    patrol = services.patrol_start(worker=people.worker)
    time_machine.shift(timedelta(minutes=30))
    batch = [point(cell, 20 - i, dlat=0.001 * i) for i in range(3)]
    services.patrol_points_add(patrol=patrol, actor=people.worker, points=batch)
    ended = services.patrol_end(patrol=patrol, actor=people.worker)
    assert ended.status == PatrolStatus.ENDED
    assert ended.ended_at > ended.started_at
    assert ended.distance_m == pytest.approx(222.6, rel=0.01)


def test_a_check_in_names_its_place(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    check_in = services.patrol_check_in(
        patrol=patrol,
        actor=people.worker,
        place="3号楼",
        lon=cell.centroid_lon,
        lat=cell.centroid_lat,
        note="消防通道畅通",
    )
    assert CheckIn.objects.get() == check_in
    assert check_in.place == "3号楼"


def test_a_check_in_without_a_place_is_refused(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    with pytest.raises(ValidationError) as raised:
        services.patrol_check_in(
            patrol=patrol,
            actor=people.worker,
            place=" ",
            lon=cell.centroid_lon,
            lat=cell.centroid_lat,
        )
    assert "place" in raised.value.message_dict
    assert not CheckIn.objects.exists()


def test_a_problem_found_becomes_a_patrol_case_linked_to_the_patrol(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    intake = services.patrol_report(
        patrol=patrol, actor=people.worker, report=report(cell, channel="resident")
    )
    assert intake.case.channel == "patrol"
    assert Finding.objects.get().case == intake.case
    assert Finding.objects.get().patrol == patrol


def test_a_report_sent_again_with_its_key_makes_one_case(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    first = services.patrol_report(
        patrol=patrol, actor=people.worker, report=report(cell), idempotency_key="k1"
    )
    again = services.patrol_report(
        patrol=patrol, actor=people.worker, report=report(cell), idempotency_key="k1"
    )
    assert again.replayed
    assert again.case.pk == first.case.pk
    assert Finding.objects.count() == 1


def test_a_problem_solved_on_the_spot_is_handled_at_once(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    intake = services.patrol_report(
        patrol=patrol,
        actor=people.worker,
        report=report(cell, solved_on_the_spot=True),
    )
    assert intake.case.state == CaseState.HANDLED


def test_a_draft_sent_after_the_patrol_ended_still_links(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    services.patrol_end(patrol=patrol, actor=people.worker)
    services.patrol_report(patrol=patrol, actor=people.worker, report=report(cell))
    assert Finding.objects.filter(patrol=patrol).count() == 1


def test_verify_on_site_stores_the_photo_and_closes(people, cell):
    case = handled_case(cell, people)
    closed = services.case_verify_on_site(
        case=case,
        actor=people.worker,
        photo_name="site.png",
        photo=png_bytes(),
        passed=True,
    )
    assert closed.state == CaseState.CLOSED
    photo = CaseAttachment.objects.get(case=case, stage="verification")
    assert photo.event == CaseEvent.objects.filter(case=case).latest("created_at", "id")


def test_verify_on_site_with_a_broken_photo_changes_nothing(people, cell):
    case = handled_case(cell, people)
    with pytest.raises(ValidationError):
        services.case_verify_on_site(
            case=case,
            actor=people.worker,
            photo_name="x.png",
            photo=b"nope",
            passed=True,
        )
    case.refresh_from_db()
    assert case.state == CaseState.HANDLED
    assert not CaseAttachment.objects.filter(case=case, stage="verification").exists()


def test_a_point_that_is_not_a_number_is_named(people, cell):
    patrol = services.patrol_start(worker=people.worker)
    with pytest.raises(ValidationError) as raised:
        services.patrol_points_add(
            patrol=patrol,
            actor=people.worker,
            points=[point(cell), point(cell, lon="east", recorded_at=minutes_ago(-1))],
        )
    assert list(raised.value.message_dict) == ["points[1].lon"]
