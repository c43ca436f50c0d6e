"""Writes of special reviews: open, link cases, minutes, decisions, tasks, close.

Each locks the review, asks `lifecycle` for its next state, writes one `ReviewEvent` and
saves, in one transaction; refusals are `ValidationError` naming the field, or
`PermissionDenied` for someone who may read the review but not write it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wangge.access.jurisdiction import jurisdiction_of
from wangge.cases.access import cases_visible_to
from wangge.core import clock
from wangge.core.calendar.selectors import working_calendar_get
from wangge.core.text import is_blank
from wangge.reviews import lifecycle
from wangge.reviews.models import (
    CandidateKind,
    DecisionKind,
    Review,
    ReviewDecision,
    ReviewEvent,
    ReviewEventKind,
    ReviewMinutes,
    ReviewState,
    ReviewTask,
    TaskState,
)
from wangge.reviews.permissions import acts_for_department, is_city_office

MAX_TASK_DAYS = 250


def _require_office(actor) -> None:
    if not is_city_office(actor):
        raise PermissionDenied(
            _("Only the city management office runs special reviews.")
        )


def _required(**texts: str) -> None:
    errors = {
        name: [_("This field is required.")]
        for name, value in texts.items()
        if is_blank(value or "")
    }
    if errors:
        raise ValidationError(errors)


def _record(review: Review, kind: str, actor, note: str = "") -> Review:
    """Lock the review, move it on by the table, write its event (inside a transaction)."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    try:
        locked.state = lifecycle.next_state(locked.state, kind)
    except lifecycle.ReviewClosed:
        raise ValidationError(
            {"review": [_("The review is closed: nothing more can be recorded.")]}
        ) from None
    now = clock.now()
    if kind == ReviewEventKind.CLOSE:
        locked.closed_at = now
    locked.save()
    ReviewEvent.objects.create(
        review=locked, kind=kind, actor=actor, note=note, created_at=now
    )
    return locked


def _visible_cases(actor, review_region, case_ids: Iterable[int]) -> list[int]:
    """The ids among `case_ids` the actor sees inside the review's area; others refused."""
    wanted = sorted({int(i) for i in case_ids})
    found = list(
        cases_visible_to(actor)
        .filter(pk__in=wanted, cell_path__under=review_region.path)
        .values_list("pk", flat=True)
    )
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise ValidationError(
            {
                "cases": [
                    _("No such case in the review's area: %(ids)s.")
                    % {"ids": ", ".join(map(str, missing))}
                ]
            }
        )
    return found


def review_open(
    *,
    actor,
    title: str,
    region,
    category=None,
    trigger: str = CandidateKind.MANUAL,
    source_key: str = "",
    case_ids: Iterable[int] = (),
    analysis: str = "",
) -> Review:
    """Open a special review of a region (and category), from a candidate or by hand."""
    _require_office(actor)
    _required(title=title)
    if trigger not in CandidateKind.values:
        raise ValidationError({"trigger": [_("Unknown trigger.")]})
    if not jurisdiction_of(actor).covers(region.path):
        raise ValidationError(
            {"region": [_("The area lies outside your jurisdiction.")]}
        )
    if (
        source_key
        and Review.objects.filter(source_key=source_key)
        .exclude(state=ReviewState.CLOSED)
        .exists()
    ):
        raise ValidationError(
            {"source_key": [_("A review of this candidate is already open.")]}
        )
    ids = _visible_cases(actor, region, case_ids)
    with transaction.atomic():
        review = Review.objects.create(
            title=title.strip(),
            region=region,
            region_path=region.path,
            category=category,
            trigger=trigger,
            source_key=source_key,
            analysis=analysis,
            opened_by=actor,
            opened_at=clock.now(),
        )
        review.cases.add(*ids)
        ReviewEvent.objects.create(
            review=review,
            kind=ReviewEventKind.OPEN,
            actor=actor,
            note=analysis,
            created_at=review.opened_at,
        )
    return review


def review_cases_link(*, review: Review, actor, case_ids: Iterable[int]) -> Review:
    """Link more cases of the review's area to it."""
    _require_office(actor)
    ids = _visible_cases(actor, review.region, case_ids)
    with transaction.atomic():
        review = _record(
            review, ReviewEventKind.CASES, actor, note=", ".join(map(str, ids))
        )
        review.cases.add(*ids)
    return review


def review_minutes_add(
    *,
    review: Review,
    actor,
    held_at: datetime,
    attendees: str,
    text: str,
    place: str = "",
) -> ReviewMinutes:
    """Record the minutes of a meeting of the review."""
    _require_office(actor)
    _required(attendees=attendees, text=text)
    with transaction.atomic():
        review = _record(review, ReviewEventKind.MINUTES, actor)
        return ReviewMinutes.objects.create(
            review=review,
            held_at=held_at,
            place=place,
            attendees=attendees,
            text=text,
            recorded_by=actor,
        )


def review_decide(
    *, review: Review, actor, kind: str, title: str, text: str, decided_on: date
) -> ReviewDecision:
    """Record a decision of the review, in the form it was taken."""
    _require_office(actor)
    _required(title=title, text=text)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": [_("Unknown kind of decision.")]})
    with transaction.atomic():
        review = _record(review, ReviewEventKind.DECISION, actor, note=title)
        return ReviewDecision.objects.create(
            review=review,
            kind=kind,
            title=title,
            text=text,
            decided_on=decided_on,
            recorded_by=actor,
        )


def review_task_assign(
    *,
    review: Review,
    actor,
    department,
    title: str,
    working_days: int,
    decision: ReviewDecision | None = None,
) -> ReviewTask:
    """Give a department a task with a deadline of `working_days` working days from now."""
    _require_office(actor)
    _required(title=title)
    if not 1 <= int(working_days) <= MAX_TASK_DAYS:
        raise ValidationError(
            {
                "working_days": [
                    _("Give between 1 and %(max)d working days.")
                    % {"max": MAX_TASK_DAYS}
                ]
            }
        )
    if decision is not None and decision.review_id != review.pk:
        raise ValidationError({"decision": [_("The decision is not of this review.")]})
    deadline = working_calendar_get().add_working_days(clock.now(), int(working_days))
    with transaction.atomic():
        review = _record(review, ReviewEventKind.TASK, actor, note=title)
        return ReviewTask.objects.create(
            review=review,
            decision=decision,
            department=department,
            title=title,
            deadline=deadline,
        )


def _task_locked(task: ReviewTask) -> ReviewTask:
    locked = ReviewTask.objects.select_for_update().get(pk=task.pk)
    if locked.state != TaskState.OPEN:
        raise ValidationError({"task": [_("The task is no longer open.")]})
    return locked


def review_task_report(*, task: ReviewTask, actor, report: str) -> ReviewTask:
    """The department reports its task done, saying what it did."""
    if not acts_for_department(actor, task.department_id):
        raise PermissionDenied(_("Only the department given the task reports it done."))
    _required(report=report)
    with transaction.atomic():
        _record(task.review, ReviewEventKind.TASK_DONE, actor, note=task.title)
        task = _task_locked(task)
        task.state, task.report, task.done_at = TaskState.DONE, report, clock.now()
        task.save()
    return task


def review_task_cancel(*, task: ReviewTask, actor, note: str) -> ReviewTask:
    """The city office withdraws a task (a later decision replaced it)."""
    _require_office(actor)
    _required(note=note)
    with transaction.atomic():
        _record(task.review, ReviewEventKind.TASK_CANCELLED, actor, note=note)
        task = _task_locked(task)
        task.state, task.report = TaskState.CANCELLED, note
        task.save()
    return task


def review_close(*, review: Review, actor, conclusion: str) -> Review:
    """Close the review with its conclusion, once every task is done or cancelled."""
    _require_office(actor)
    _required(conclusion=conclusion)
    if review.tasks.filter(state=TaskState.OPEN).exists():
        raise ValidationError(
            {"conclusion": [_("Tasks are still open: follow them to the end first.")]}
        )
    with transaction.atomic():
        review = _record(review, ReviewEventKind.CLOSE, actor, note=conclusion)
        review.conclusion = conclusion
        review.save(update_fields=["conclusion", "updated_at"])
    return review
