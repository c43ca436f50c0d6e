"""`case_create`: unified intake validates everything first, then locates, numbers, records and notifies."""

import base64
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wangge.cases import services
from wangge.cases.models import Case, CaseAttachment, CaseEvent, IdempotencyRecord
from wangge.cases.policy import policy_forget
from wangge.cases.tests.conftest import (
    CELL,
    COMMUNITY,
    DEPARTMENTAL,
    SIBLING_DISTRICT,
    TERRITORIAL,
    WITH_REQUIRED,
    png_base64,
)
from wangge.cases.tests.steps import act, actions, file_case, report_for, written
from wangge.catalogue import selectors as catalogue_selectors
from wangge.core.calendar.selectors import working_calendar_forget
from wangge.notifications.models import Notification
from wangge.regions import crs
from wangge.regions.locate import reset_index

# About 1 metre in latitude, in degrees.
METRE = 1 / 111_320
NEIGHBOUR_CELL = "410102001001002"


def _photo(content: str, name: str = "p.png") -> dict:
    return {"name": name, "content": content}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "X9999"}, "category"),
        ({"category": "E06"}, "category"),
        ({"category": WITH_REQUIRED}, "cover_type"),
        ({"category": TERRITORIAL, "attributes": {"colour": "red"}}, "colour"),
        ({"lon": 120.0, "lat": 30.0}, "lon"),
        ({"lon": "east"}, "lon"),
        ({"lon": float("nan")}, "lon"),
        ({"lat": 91.0}, "lon"),
        ({"crs": "mercator"}, "crs"),
        ({"description": " \n "}, "description"),
        ({"description": "\u200b\u200b \u200b"}, "description"),
        ({"description": "井盖\x00丢了"}, "description"),
        ({"address": "经八路\x1b[2J"}, "address"),
        ({"reporter_name": "王\x00"}, "reporter_name"),
        ({"reporter_phone": "138\x07"}, "reporter_phone"),
        ({"channel": "assignment"}, "channel"),
        ({"priority": "urgent"}, "priority"),
        ({"channel": "pigeon"}, "channel"),
        ({"priority": "whenever"}, "priority"),
        ({"photos": [_photo(base64.b64encode(b"hello").decode())]}, "photos"),
        ({"photos": [_photo("%%%")]}, "photos"),
        ({"photos": [_photo(png_base64())] * 10}, "photos"),
        ({"solved_on_the_spot": True}, "solved_on_the_spot"),
    ],
    ids=[
        "unknown-category",
        "major-category",
        "missing-required-attribute",
        "unknown-attribute",
        "outside-the-city",
        "longitude-not-a-number",
        "longitude-nan",
        "latitude-out-of-range",
        "unknown-crs",
        "blank-description",
        "zero-width-description",
        "nul-in-description",
        "escape-in-address",
        "nul-in-reporter-name",
        "bell-in-reporter-phone",
        "assignment-by-a-resident",
        "urgent-by-a-resident",
        "unknown-channel",
        "unknown-priority",
        "photo-not-an-image",
        "photo-not-base64",
        "too-many-photos",
        "solved-on-the-spot-by-a-resident",
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(
    tree, people, overrides, field
):
    before = written()

    with pytest.raises(ValidationError) as refused:
        services.case_create(
            report=report_for(tree, **overrides), actor=people.resident
        )

    assert field in refused.value.message_dict, refused.value.message_dict
    assert written() == before


def test_every_fault_of_a_report_is_named_at_once(tree, people):
    report = report_for(
        tree, category="X9999", description="", channel="pigeon", crs="mercator"
    )

    with pytest.raises(ValidationError) as refused:
        services.case_create(report=report, actor=people.resident)

    assert set(refused.value.message_dict) == {
        "category",
        "description",
        "channel",
        "crs",
    }


def test_an_oversized_photo_is_refused_by_size(tree, people, settings):
    settings.WANGGE_MAX_PHOTO_BYTES = 50
    before = written()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.case_create(
            report=report_for(tree, photos=[_photo(png_base64())]),
            actor=people.resident,
        )

    assert "at most 50" in refused.value.message_dict["photos"][0]
    assert written() == before


def test_a_report_is_located_in_its_cell_and_owned_by_the_cells_community(tree, people):
    case = file_case(tree, people.resident)

    assert case.state == "reported"
    assert case.cell == tree[CELL]
    assert case.cell_path == tree[CELL].path
    assert case.node == tree[COMMUNITY]
    assert case.node_since is not None
    assert case.created_by == people.resident
    assert case.reporter_user == people.resident


def test_a_report_from_another_cell_belongs_to_that_cells_community(tree, people):
    case = file_case(tree, people.resident, cell="410103001002001")

    assert case.node == tree["410103001002"]
    assert case.cell_path.startswith(tree[SIBLING_DISTRICT].path)


@pytest.mark.parametrize(
    ("name", "forward"),
    [(crs.GCJ02, crs.wgs84_to_gcj02), (crs.BD09, crs.wgs84_to_bd09)],
)
def test_coordinates_from_a_chinese_phone_map_are_stored_in_wgs84(
    tree, people, name, forward
):
    cell = tree[CELL]
    shifted_lon, shifted_lat = forward(cell.centroid_lon, cell.centroid_lat)
    # The offset is hundreds of metres: storing the input as given would be visibly wrong.
    assert abs(shifted_lon - cell.centroid_lon) > 100 * METRE

    case = file_case(tree, people.resident, lon=shifted_lon, lat=shifted_lat, crs=name)

    assert case.lon == pytest.approx(cell.centroid_lon, abs=METRE / 10)
    assert case.lat == pytest.approx(cell.centroid_lat, abs=METRE / 10)


def test_the_event_records_the_report_with_its_reporter_and_node(tree, people):
    case = file_case(tree, people.resident)

    event = CaseEvent.objects.get(case=case)
    assert event.action == "report"
    assert (event.from_state, event.to_state) == ("", "reported")
    assert event.actor == people.resident
    assert event.actor_post is None
    assert event.node == tree[COMMUNITY]
    assert event.note == "楼道里堆满杂物，堵住了消防通道"


def test_photos_of_a_report_are_kept_as_before_photos_of_its_first_event(tree, people):
    case = file_case(tree, people.resident, photos=[_photo(png_base64(), "a.png")] * 2)

    photos = CaseAttachment.objects.filter(case=case)
    assert [p.stage for p in photos] == ["before", "before"]
    assert {p.event.action for p in photos} == {"report"}
    assert {p.content_type for p in photos} == {"image/png"}


def test_case_numbers_are_the_day_in_zhengzhou_and_a_sequence(tree, people):
    first = file_case(tree, people.resident)
    second = file_case(tree, people.resident, description="又一处杂物")

    assert re.fullmatch(r"20261130\d{6}", first.number)
    assert int(second.number[8:]) == int(first.number[8:]) + 1


def test_numbers_stay_unique_across_a_day_boundary_in_zhengzhou(
    tree, people, time_machine
):
    # 23:59 and 00:01 in Zhengzhou are the same UTC day: the local day decides.
    time_machine.move_to("2026-11-30T23:59:00+08:00", tick=False)
    late = file_case(tree, people.resident)
    time_machine.move_to("2026-12-01T00:01:00+08:00", tick=False)
    early = file_case(tree, people.resident)

    assert late.number.startswith("20261130")
    assert early.number == "20261201000001"
    assert Case.objects.values("number").distinct().count() == 2


def test_the_cells_grid_and_the_community_secretary_hear_of_a_new_case(tree, people):
    case = file_case(tree, people.resident)

    told = set(
        Notification.objects.filter(case=case, kind="new_case").values_list(
            "recipient__username", flat=True
        )
    )
    # The desk's queue of new cases is its work list, not an inbox item per case.
    assert told == {"worker", "chief", "secretary"}


def test_a_replay_with_the_same_key_returns_the_first_case_and_writes_nothing(
    tree, people
):
    report = report_for(tree)
    first = services.case_create(
        report=report, actor=people.resident, idempotency_key="k-1"
    )
    before = written()

    replay = services.case_create(
        report=report_for(tree), actor=people.resident, idempotency_key="k-1"
    )

    assert replay.replayed is True
    assert replay.case.pk == first.case.pk
    assert written() == before


def test_the_same_key_with_another_body_is_refused_naming_the_key(tree, people):
    services.case_create(
        report=report_for(tree), actor=people.resident, idempotency_key="k-1"
    )
    before = written()

    with pytest.raises(ValidationError) as refused:
        services.case_create(
            report=report_for(tree, description="别的事"),
            actor=people.resident,
            idempotency_key="k-1",
        )

    assert "Idempotency-Key" in refused.value.message_dict
    assert written() == before


def test_the_same_key_from_another_client_creates_another_case(tree, people):
    first = services.case_create(
        report=report_for(tree), actor=people.resident, idempotency_key="k-1"
    )

    other = services.case_create(
        report=report_for(tree), actor=people.community_desk, idempotency_key="k-1"
    )

    assert other.replayed is False
    assert other.case.pk != first.case.pk
    assert IdempotencyRecord.objects.count() == 2


def test_a_report_nearby_is_offered_the_open_cases_of_its_category_as_duplicates(
    tree, people
):
    cell = tree[CELL]
    first = file_case(tree, people.resident)

    intake = services.case_create(
        report=report_for(tree, lat=cell.centroid_lat + 60 * METRE),
        actor=people.resident,
    )

    assert [c.pk for c in intake.possible_duplicates] == [first.pk]


@pytest.mark.parametrize(
    "apart",
    ["farther-than-the-radius", "other-category", "after-the-window", "closed"],
)
def test_reports_that_do_not_repeat_an_open_case_nearby_are_not_duplicates(
    tree, people, departments, time_machine, apart
):
    cell = tree[CELL]
    first = file_case(tree, people.resident)
    overrides = {}
    if apart == "farther-than-the-radius":
        overrides["lat"] = cell.centroid_lat + 120 * METRE
    elif apart == "other-category":
        overrides["category"] = DEPARTMENTAL
    elif apart == "after-the-window":
        time_machine.shift(timedelta(hours=72, minutes=1))
    else:
        act(first, "reject", people.community_desk, note="不属于受理范围")

    intake = services.case_create(
        report=report_for(tree, **overrides), actor=people.resident
    )

    assert intake.possible_duplicates == []


def test_the_radius_and_window_of_duplicates_are_settings(tree, people, settings):
    settings.WANGGE_DUPLICATE_RADIUS_METRES = 300
    cell = tree[CELL]
    first = file_case(tree, people.resident)

    intake = services.case_create(
        report=report_for(tree, lat=cell.centroid_lat + 250 * METRE),
        actor=people.resident,
    )

    assert [c.pk for c in intake.possible_duplicates] == [first.pk]


def test_a_grid_worker_solving_on_the_spot_files_a_handled_case_with_two_events(
    tree, people
):
    intake = services.case_create(
        report=report_for(tree, channel="patrol", solved_on_the_spot=True),
        actor=people.worker,
    )

    case = Case.objects.get(pk=intake.case.pk)
    assert case.state == "handled"
    assert actions(case) == ["report", "self_handle"]
    self_handle = case.events.get(action="self_handle")
    assert (self_handle.from_state, self_handle.to_state) == ("reported", "handled")
    assert self_handle.actor == people.worker
    assert self_handle.actor_post.role == "grid_worker"
    assert case.registered_at == case.handled_at is not None
    assert case.deadline is not None
    # Verification is still needed: the cell's grid hears of it, not the desk.
    assert set(
        Notification.objects.filter(case=case).values_list(
            "kind", "recipient__username"
        )
    ) == {("verification_needed", "worker"), ("verification_needed", "chief")}


def test_only_the_grid_of_the_cell_may_report_solved_on_the_spot(
    tree, people, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    before = written()

    with pytest.raises(ValidationError) as refused:
        services.case_create(
            report=report_for(
                tree,
                cell=NEIGHBOUR_CELL,
                channel="patrol",
                solved_on_the_spot=True,
                photos=[_photo(png_base64())],
            ),
            actor=people.worker,
        )

    assert list(refused.value.message_dict) == ["solved_on_the_spot"]
    assert written() == before
    # Not even the photo's file: the refusal comes before anything is stored.
    assert list(tmp_path.rglob("*")) == []


def test_answers_to_the_extra_questions_are_stored_typed_dates_as_iso_text(
    tree, people
):
    # 信访积案: how many petitioners (a whole number) and since when (a date).
    case = file_case(
        tree,
        people.resident,
        category="Z0501",
        attributes={"petitioners": "3", "first_date": "2026-10-12"},
    )

    case.refresh_from_db()
    assert case.attributes == {"petitioners": 3, "first_date": "2026-10-12"}


@pytest.fixture
def caches_as_in_production(settings):
    """The per-process caches switched on as in production, and emptied again afterwards
    so no other test sees this one's rows."""

    def forget():
        catalogue_selectors._recent.clear()
        policy_forget()
        working_calendar_forget()
        reset_index()

    settings.WANGGE_CATALOGUE_CACHE_SECONDS = 60
    settings.WANGGE_POLICY_CACHE_SECONDS = 60
    settings.WANGGE_CALENDAR_RECHECK_SECONDS = 60
    settings.WANGGE_LOCATE_RECHECK_SECONDS = 60
    forget()
    yield
    forget()


def test_a_new_case_takes_eleven_queries_once_the_caches_are_warm(
    tree, people, caches_as_in_production, django_assert_num_queries
):
    file_case(tree, people.resident)  # warms the caches and the day's number row
    # A request brings a user object of its own, its posts not read yet.
    caller = type(people.resident).objects.get(pk=people.resident.pk)

    # The caller's posts, the path of regions, the nearby cases, the cell's grid; then,
    # between the savepoint and its release: the number, the case, its roll-up counters
    # (one upsert), its event, the inbox.
    with django_assert_num_queries(11):
        file_case(tree, caller)


def test_intake_checks_the_working_calendar_once(tree, people):
    file_case(tree, people.resident)
    with CaptureQueriesContext(connection) as queries:
        file_case(tree, people.resident)

    calendar_reads = [q for q in queries if "core_calendarday" in q["sql"]]
    assert len(calendar_reads) == 1
