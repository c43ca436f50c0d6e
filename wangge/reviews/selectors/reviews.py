"""Reads of special reviews: the reviews a reader sees, one review with its whole record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from wangge.access.jurisdiction import jurisdiction_of
from wangge.cases.access import cases_visible_to
from wangge.cases.models import Case
from wangge.core import clock
from wangge.reviews.detection import weekly_series
from wangge.reviews.models import Review, ReviewTask
from wangge.reviews.selectors.scope import under_q

CHART_WEEKS = 12


def reviews_visible_to(user: Any) -> QuerySet[Review]:
    """Reviews of areas in the user's jurisdiction, and those that gave their department a task."""
    if not getattr(user, "is_authenticated", False):
        return Review.objects.none()
    q = under_q(user, "region_path")
    departments = jurisdiction_of(user).department_ids
    if departments:
        q |= Q(
            pk__in=ReviewTask.objects.filter(department__in=list(departments)).values(
                "review_id"
            )
        )
    return Review.objects.filter(q)


def review_get_for_user(user: Any, pk: int | str) -> Review:
    """One review, or 404 when it does not exist or lies outside the user's reach."""
    review = (
        reviews_visible_to(user)
        .select_related("region", "category", "opened_by")
        .filter(pk=int(pk) if str(pk).isdigit() else -1)
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    return review


def review_task_get_for_user(user: Any, pk: int | str) -> ReviewTask:
    """One task of a review the user sees, or 404."""
    task = (
        ReviewTask.objects.filter(review__in=reviews_visible_to(user))
        .select_related("review", "review__region", "department")
        .filter(pk=int(pk) if str(pk).isdigit() else -1)
        .first()
    )
    if task is None:
        raise Http404("No such task.")
    return task


@dataclass
class ReviewDetail:
    """Everything a review page shows: the record, the linked cases the reader sees, the
    tasks with their overdue flags, and the weekly counts behind the chart."""

    review: Review
    cases: list[Case]
    minutes: list
    decisions: list
    tasks: list
    events: list
    chart: dict
    now: datetime

    @property
    def overdue_tasks(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)


def weekly_counts(user: Any, region_path: str, category_id, *, weeks: int, end=None):
    """Weekly counts of a category's cases (all when None) in a region, oldest first, of the
    cases the user sees: `{"weeks": [labels], "counts": [n…]}`."""
    end = end or clock.now()
    cases = cases_visible_to(user).filter(
        cell_path__under=region_path, created_at__gte=end - timedelta(weeks=weeks)
    )
    if category_id is not None:
        cases = cases.filter(category_id=category_id)
    moments = cases.order_by().values_list("created_at", flat=True)
    series = weekly_series((("", "", m) for m in moments), end=end, weeks=weeks)
    counts = series.get(("", ""), [0] * weeks)
    start = end - timedelta(weeks=weeks)
    labels = [
        timezone.localdate(start + timedelta(weeks=i)).strftime("%m-%d")
        for i in range(weeks)
    ]
    return {"weeks": labels, "counts": counts}


def review_detail(user: Any, review: Review) -> ReviewDetail:
    """The review's whole record as the user may see it (linked cases through their scope)."""
    now = clock.now()
    tasks = list(review.tasks.select_related("department", "decision"))
    for task in tasks:
        task.overdue = task.is_overdue_at(now)
    cases = list(
        cases_visible_to(user)
        .filter(reviews=review)
        .select_related("category", "cell")
        .order_by("-created_at", "-id")
    )
    states: dict[str, int] = {}
    for case in cases:
        label = str(case.get_state_display())
        states[label] = states.get(label, 0) + 1
    chart = weekly_counts(
        user, review.region_path, review.category_id, weeks=CHART_WEEKS
    )
    chart["states"] = [{"name": k, "value": v} for k, v in sorted(states.items())]
    return ReviewDetail(
        review=review,
        cases=cases,
        minutes=list(review.minutes.select_related("recorded_by")),
        decisions=list(review.decisions.all()),
        tasks=tasks,
        events=list(review.events.select_related("actor")),
        chart=chart,
        now=now,
    )
