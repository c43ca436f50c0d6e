"""What the grid worker's phone shows: today's tasks, the patrol under way, a case to verify.

Every read starts from the worker's jurisdiction (`cases_visible_to`, `patrols_visible_to`)
and "my work" (`case_work_q`), the rules the desk's list uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from wangge.cases.access import case_work_q, cases_visible_to
from wangge.cases.models import Case
from wangge.cases.workflow import CaseState
from wangge.core import clock
from wangge.patrols.models import Patrol
from wangge.patrols.selectors import patrol_open_of, patrols_visible_to
from wangge.patrols.services import patrol_cells
from wangge.regions.models import Region

# How many cases of each kind the phone lists; the rest are on the case list.
TASKS_SHOWN = 20
# What a task row reads of a case: no outlines, no texts it does not show.
TASK_FIELDS = (
    "id",
    "number",
    "state",
    "light",
    "deadline",
    "address",
    "description",
    "created_at",
    "category__name",
)


@dataclass(frozen=True)
class Today:
    """The phone's home: the patrol under way, the cells still to walk, cases waiting."""

    patrol: Patrol | None
    cells_due: list[Region]
    to_verify: list[Case]
    to_handle: list[Case]
    patrols_today: int


def today_for(user: Any) -> Today:
    """Today's tasks of a grid worker, in a handful of queries whatever their number."""
    work = (
        cases_visible_to(user)
        .filter(case_work_q(user))
        .select_related("category")
        .only(*TASK_FIELDS)
        .order_by("deadline", "id")
    )
    to_verify = list(work.filter(state=CaseState.HANDLED)[:TASKS_SHOWN])
    to_handle = list(work.exclude(state=CaseState.HANDLED)[:TASKS_SHOWN])
    start_of_day = timezone.localtime(clock.now()).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    walked = set(
        patrols_visible_to(user)
        .filter(worker=user, started_at__gte=start_of_day)
        .values_list("cell_id", flat=True)
    )
    cells = patrol_cells(user)
    return Today(
        patrol=patrol_open_of(user),
        cells_due=[cell for cell in cells if cell.pk not in walked],
        to_verify=to_verify,
        to_handle=to_handle,
        patrols_today=len(walked),
    )
