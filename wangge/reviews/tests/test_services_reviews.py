"""Special reviews: their lifecycle, who may write them, deadlines of their tasks."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wangge.reviews.models import (
    DecisionKind,
    Review,
    ReviewEventKind,
    ReviewState,
    TaskState,
)
from wangge.reviews.services import (
    review_close,
    review_decide,
    review_minutes_add,
    review_open,
    review_task_assign,
    review_task_cancel,
    review_task_report,
)
from wangge.reviews.tests.conftest import DISTRICT, SIBLING_DISTRICT

SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture
def review(office, people, tree, report_case):
    case = report_case(people.worker)
    return review_open(
        actor=office,
        title="楼道堆物反复出现",
        region=tree[DISTRICT],
        case_ids=[case.pk],
        analysis="近四周明显上升",
    )


def test_city_office_opens_a_review_with_its_cases_and_an_event(review):
    assert review.state == ReviewState.OPEN
    assert review.cases.count() == 1
    assert list(review.events.values_list("kind", flat=True)) == [ReviewEventKind.OPEN]


def test_only_the_city_office_opens_reviews(people, tree):
    with pytest.raises(PermissionDenied):
        review_open(actor=people.district_desk, title="x", region=tree[DISTRICT])


def test_cases_outside_the_area_are_refused_and_nothing_is_stored(
    office, people, tree, report_case
):
    case = report_case(people.worker)
    with pytest.raises(ValidationError) as error:
        review_open(
            actor=office, title="x", region=tree[SIBLING_DISTRICT], case_ids=[case.pk]
        )
    assert "cases" in error.value.message_dict
    assert not Review.objects.exists()


def test_a_blank_title_is_refused_naming_the_field(office, tree):
    with pytest.raises(ValidationError) as error:
        review_open(actor=office, title="  ", region=tree[DISTRICT])
    assert list(error.value.message_dict) == ["title"]


def test_the_same_candidate_is_not_opened_twice(office, tree):
    review_open(actor=office, title="a", region=tree[DISTRICT], source_key="k1")
    with pytest.raises(ValidationError) as error:
        review_open(actor=office, title="b", region=tree[DISTRICT], source_key="k1")
    assert "source_key" in error.value.message_dict


def test_minutes_keep_the_state_and_a_decision_moves_it_to_decided(review, office):
    review_minutes_add(
        review=review,
        actor=office,
        held_at=datetime(2026, 11, 30, 15, tzinfo=SHANGHAI),
        attendees="市管办、区城管局",
        text="研究楼道堆物治理",
    )
    review.refresh_from_db()
    assert review.state == ReviewState.OPEN
    review_decide(
        review=review,
        actor=office,
        kind=DecisionKind.REGULATION_DRAFT,
        title="起草物业管理条例修正案",
        text="报请市人大常委会审议",
        decided_on=datetime(2026, 11, 30).date(),
    )
    review.refresh_from_db()
    assert review.state == ReviewState.DECIDED
    assert list(review.events.values_list("kind", flat=True)) == [
        ReviewEventKind.OPEN,
        ReviewEventKind.MINUTES,
        ReviewEventKind.DECISION,
    ]


def test_an_unknown_kind_of_decision_is_refused(review, office):
    with pytest.raises(ValidationError) as error:
        review_decide(
            review=review,
            actor=office,
            kind="rumour",
            title="t",
            text="t",
            decided_on=datetime(2026, 11, 30).date(),
        )
    assert "kind" in error.value.message_dict


def test_a_task_deadline_counts_working_days_over_the_weekend(
    review, office, departments, time_machine
):
    # Friday 2026-12-04 10:00: one working day later is Monday 10:00.
    time_machine.move_to(datetime(2026, 12, 4, 10, tzinfo=SHANGHAI), tick=False)
    task = review_task_assign(
        review=review,
        actor=office,
        department=departments.city,
        title="全市楼道清理",
        working_days=1,
    )
    assert task.deadline.astimezone(SHANGHAI) == datetime(
        2026, 12, 7, 10, tzinfo=SHANGHAI
    )


def test_a_task_past_its_deadline_is_overdue_until_done(review, office, departments):
    task = review_task_assign(
        review=review,
        actor=office,
        department=departments.city,
        title="t",
        working_days=2,
    )
    assert not task.is_overdue_at(task.deadline - timedelta(minutes=1))
    assert task.is_overdue_at(task.deadline + timedelta(minutes=1))


def test_task_days_out_of_range_are_refused(review, office, departments):
    with pytest.raises(ValidationError) as error:
        review_task_assign(
            review=review,
            actor=office,
            department=departments.city,
            title="t",
            working_days=0,
        )
    assert "working_days" in error.value.message_dict


def test_the_department_reports_its_task_done(review, office, people, departments):
    task = review_task_assign(
        review=review,
        actor=office,
        department=departments.city,
        title="t",
        working_days=5,
    )
    task = review_task_report(task=task, actor=people.city_handler, report="已清理")
    assert task.state == TaskState.DONE
    assert task.done_at is not None
    assert review.events.filter(kind=ReviewEventKind.TASK_DONE).count() == 1


def test_another_department_may_not_report_the_task(
    review, office, people, departments
):
    task = review_task_assign(
        review=review,
        actor=office,
        department=departments.city,
        title="t",
        working_days=5,
    )
    with pytest.raises(PermissionDenied):
        review_task_report(task=task, actor=people.district_handler, report="x")
    task.refresh_from_db()
    assert task.state == TaskState.OPEN


def test_a_review_closes_only_when_its_tasks_are_done(review, office, departments):
    task = review_task_assign(
        review=review,
        actor=office,
        department=departments.city,
        title="t",
        working_days=5,
    )
    with pytest.raises(ValidationError):
        review_close(review=review, actor=office, conclusion="结束")
    review_task_cancel(task=task, actor=office, note="由新决定替代")
    review = review_close(review=review, actor=office, conclusion="结束")
    assert review.state == ReviewState.CLOSED
    assert review.closed_at is not None


def test_nothing_more_is_recorded_on_a_closed_review(review, office):
    review = review_close(review=review, actor=office, conclusion="结束")
    with pytest.raises(ValidationError) as error:
        review_minutes_add(
            review=review,
            actor=office,
            held_at=datetime(2026, 11, 30, 15, tzinfo=SHANGHAI),
            attendees="a",
            text="b",
        )
    assert "review" in error.value.message_dict
    assert review.minutes.count() == 0
