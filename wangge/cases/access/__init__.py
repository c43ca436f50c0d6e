"""Who may see a case, who may act on it, and who may read its reporter's contact data.

As NetBox's `restrict(user, action)`, each rule is written once, as data (role sets, the
workflow table, the states a step needs), and read two ways side by side: a predicate for
one case (`case_allowed_actions`, `case_steps_allowed`, `case_is_work`) and a filter for
many (`case_work_q`, behind "my work"). `tests/test_access.py` checks that they agree over
cases in every state and every capacity.

What someone may *do* depends on the capacity in which a post stands to the case: the node
that owns it, the unit handling it (the lead, 主办), a unit assisting it (协办), or the grid
it lies in. A post stands to a case in one capacity only, tried in the order of
`capacity.capacities_of`: the unit a post works for comes before the place it sits.
"""

from wangge.cases.access.capacity import (
    ASSIST,
    CAPACITY,
    GRID,
    HANDLER,
    NODE,
    capacity_of,
    capacity_q,
    case_allowed_actions,
    case_post_for,
    case_posts,
    case_roles,
    handler_post,
)
from wangge.cases.access.seeing import (
    can_see_reporter,
    case_area_roots,
    case_get_for_user,
    cases_visible_to,
)
from wangge.cases.access.steps import (
    PHOTO_STEPS,
    CaseStep,
    StepRule,
    case_steps_allowed,
    is_reporter,
    step_post,
    step_rules,
    step_state_allows,
)
from wangge.cases.access.work import (
    NOT_WORK,
    case_is_work,
    case_step_q,
    case_work_q,
)

__all__ = [
    "ASSIST",
    "CAPACITY",
    "GRID",
    "HANDLER",
    "NODE",
    "NOT_WORK",
    "PHOTO_STEPS",
    "CaseStep",
    "StepRule",
    "can_see_reporter",
    "capacity_of",
    "capacity_q",
    "case_area_roots",
    "case_allowed_actions",
    "case_get_for_user",
    "case_is_work",
    "case_post_for",
    "case_posts",
    "case_roles",
    "case_step_q",
    "case_steps_allowed",
    "case_work_q",
    "cases_visible_to",
    "handler_post",
    "is_reporter",
    "step_post",
    "step_rules",
    "step_state_allows",
]
