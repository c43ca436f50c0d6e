"""The lifecycles of commitments and determinations: one table each, read on one screen. Pure.

A determination is proposed (by a supervisor or the city office), approved or rejected by
a leader, then carried out and recorded; a person it names may appeal it within
`APPEAL_DAYS` of the record, and a leader upholds or revokes it. No one decides on a
step they took themselves (`SELF_BARRED`): the proposer does not approve, the appellant
does not decide the appeal.
"""

from __future__ import annotations

import datetime
import enum

from django.utils.translation import gettext_lazy as _

from wangge.linkage.models.accountability import DeterminationState as D
from wangge.linkage.models.commitments import CommitmentState as C
from wangge.people.roles import Role

APPEAL_DAYS = 15


class RuleRefused(Exception):
    """The state or the actor's standing does not allow the step."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


class DeterminationAction(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    RECORD = "record"
    APPEAL = "appeal"
    UPHOLD = "uphold"
    REVOKE = "revoke"


DECIDERS = frozenset({Role.LEADER, Role.CITY_OFFICE})
PROPOSERS = frozenset({Role.SUPERVISOR, Role.CITY_OFFICE, Role.LEADER})
# The appellant is a person the determination names, whatever their role.
NAMED = "named"

A = DeterminationAction
DETERMINATION_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (D.PROPOSED, A.APPROVE): (D.APPROVED, DECIDERS),
    (D.PROPOSED, A.REJECT): (D.REJECTED, DECIDERS),
    (D.APPROVED, A.RECORD): (D.RECORDED, PROPOSERS),
    (D.RECORDED, A.APPEAL): (D.APPEALED, frozenset({NAMED})),
    (D.APPEALED, A.UPHOLD): (D.UPHELD, DECIDERS),
    (D.APPEALED, A.REVOKE): (D.REVOKED, DECIDERS),
}
# The action whose actor may not take the next decision on the same determination.
SELF_BARRED: dict[str, str] = {
    A.APPROVE: "propose",
    A.REJECT: "propose",
    A.UPHOLD: A.APPEAL,
    A.REVOKE: A.APPEAL,
}
# States in which a determination counts in the assessment.
COUNTED_STATES = frozenset({D.RECORDED, D.APPEALED, D.UPHELD})


def determination_next(state: str, action: str, standing: set[str]) -> str:
    """The state after `action`, or `RuleRefused` saying why not."""
    step = DETERMINATION_TRANSITIONS.get((state, action))
    if step is None:
        raise RuleRefused(
            _("This step is not possible while the determination is %(state)s.")
            % {"state": D(state).label}
        )
    new_state, who = step
    if not who & standing:
        raise RuleRefused(_("You may not take this step on this determination."))
    return new_state


def determination_actions(state: str, standing: set[str]) -> list[str]:
    """The actions `standing` may take in `state`, in table order."""
    return [
        action
        for (at, action), (_new, who) in DETERMINATION_TRANSITIONS.items()
        if at == state and who & standing
    ]


def appeal_open(recorded_on: datetime.date | None, today: datetime.date) -> bool:
    """Whether the appeal window after the record is still open."""
    return recorded_on is not None and (today - recorded_on).days <= APPEAL_DAYS


class CommitmentAction(enum.StrEnum):
    KEEP = "keep"
    BREAK = "break"


COMMITMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (C.PUBLISHED, CommitmentAction.KEEP): C.KEPT,
    (C.PUBLISHED, CommitmentAction.BREAK): C.BROKEN,
}


def commitment_next(state: str, action: str) -> str:
    new_state = COMMITMENT_TRANSITIONS.get((state, action))
    if new_state is None:
        raise RuleRefused(
            _("This commitment is already settled: %(state)s.")
            % {"state": C(state).label}
        )
    return new_state
