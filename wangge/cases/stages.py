"""The stages of a case's life, each watched by its own clock (nothing waits unwatched).

Pure: no ORM, no settings. Every open state is one stage, so an open case always has a
current stage and its deadline from the minute it is reported:

- 受理/立案 `intake`: reported, until the desk registers, rejects or merges it;
- 派遣 `dispatch`: registered at a node, until its desk dispatches it (or it moves on);
- 签收 `acceptance`: dispatched, until the handling unit accepts (or returns) it;
- 处置 `handling`: in progress, until the unit reports it handled (the category's limit);
- 核查 `verification`: handled, until a grid worker verifies it on site.

Every transition ends the current stage and, if the case stays open, starts the next one,
also when the state stays the same (an escalation starts a new intake or dispatch stage at
the node above). The event that ends a stage records whether it ended on time.
"""

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangge.cases.workflow import CaseState


class Stage(models.TextChoices):
    """A stage of a case, with its own limit; the slugs are stored in events and settings."""

    INTAKE = "intake", _("Intake and registration")  # 受理/立案
    DISPATCH = "dispatch", _("Dispatch")  # 派遣
    ACCEPTANCE = "acceptance", _("Acceptance")  # 签收
    HANDLING = "handling", _("Handling")  # 处置: the category's limit
    VERIFICATION = "verification", _("Verification")  # 核查


STAGE_OF_STATE: dict[CaseState, Stage] = {
    CaseState.REPORTED: Stage.INTAKE,
    CaseState.REGISTERED: Stage.DISPATCH,
    CaseState.DISPATCHED: Stage.ACCEPTANCE,
    CaseState.IN_PROGRESS: Stage.HANDLING,
    CaseState.HANDLED: Stage.VERIFICATION,
}

# The stages whose limits the city office sets per platform level; handling is the category's.
CONFIGURED_STAGES: tuple[Stage, ...] = tuple(
    s for s in Stage if s is not Stage.HANDLING
)


def stage_of(state: str) -> Stage | None:
    """The stage a case in `state` is in; None once it is finished."""
    return STAGE_OF_STATE.get(CaseState(state))


def ended_on_time(ended_at: datetime, deadline: datetime) -> bool:
    """Whether a stage that ended at `ended_at` kept its deadline (the deadline itself counts)."""
    return ended_at <= deadline
