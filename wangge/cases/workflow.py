"""The case state machine: one table of (state, action) → (new state, roles that may act).

Pure: no ORM, no request, no settings. `cases.services.case_transition` asks `next_state`
for the new state and is the only code that assigns it; the API lists `allowed_actions`.
The table says which roles may take an action at all; whether this person may act on this
case (its node, its handling unit, its grid) is jurisdiction's question, not this module's.

Decisions kept here:
- Rework (返工) is not a state. `verify_fail` sends a handled case back to `in_progress`
  at the same handling unit; the event log records it, so rework counts come from events.
- There is no separate `start`: `accept` records that the handling unit took the case
  and puts it `in_progress` at once.
- Escalation (逐级上报) moves the case to the platform node one level up, where it is
  `registered` again so that node's desk dispatches it to its own departments or sends it
  back down (`send_down`, also landing in `registered`, at the node below). The node itself
  is the service's business; here both actions are moves into `registered`.
- A handler `return`s (退回) a mis-dispatched case to the desk: back to `registered`.
- `reopen` after an unsatisfied rating goes to `registered`: the desk decides who handles it.
- There is no `cancel`: a report that should not be handled is `reject`ed, a duplicate is
  `merge`d, and a registered case ends only through verification.
- The chain of platform nodes has two ends: nothing lies below a community to send a case
  down to, nothing above the city to escalate it to. `BARRED_AT_NODE` says so once; both
  functions take the node's level, so no caller repeats the ban.
- `SYSTEM` is the deadline sweep acting on its own (automatic escalation of overdue
  cases); it is not a post role. Only the sweep moves an unregistered report up, and it
  stays `reported` for the desk above to take in: a desk cannot hide a report by leaving
  it unregistered, nor push one upward instead of taking it in.

Actions that change flags or deadlines but not the state are not in this table:
supervision orders (督办, urge), extensions (延期), shelving (挂账) and the reporter's rating.
Their services write events too, with the state unchanged.
"""

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wangge.people.roles import Role
from wangge.regions.levels import Level


class CaseState(models.TextChoices):
    """Where a case stands in its lifecycle; the slugs are stored and never renamed."""

    # 上报: received from a channel, waiting at its platform node's desk for intake.
    REPORTED = "reported", _("Reported")
    # 立案: accepted by the desk of the node that owns it, waiting to be dispatched.
    REGISTERED = "registered", _("Registered")
    # 不予受理: not the platform's business, not credible, or outside the catalogue. Final.
    REJECTED = "rejected", _("Rejected")
    # A duplicate folded into another case, whose outcome its reporter hears. Final.
    MERGED = "merged", _("Merged")
    # 派遣: sent to a handling unit that has not accepted it yet.
    DISPATCHED = "dispatched", _("Dispatched")
    # 处置中: the handling unit accepted it and is at work (also after a failed verification).
    IN_PROGRESS = "in_progress", _("In progress")
    # 处置完成: reported handled, waiting for a grid worker to verify it on site.
    HANDLED = "handled", _("Handled")
    # 结案: verified and closed; the reporter may rate it. Reopening is still possible.
    CLOSED = "closed", _("Closed")


class Action(models.TextChoices):
    """What someone does to a case; the slugs appear in the API (`/actions/{action}`)."""

    REGISTER = "register", _("Register")
    REJECT = "reject", _("Reject")
    MERGE = "merge", _("Merge into another case")
    DISPATCH = "dispatch", _("Dispatch")
    ACCEPT = "accept", _("Accept the dispatch")
    RETURN = "return", _("Return to the desk")
    ESCALATE = "escalate", _("Escalate to the level above")
    SEND_DOWN = "send_down", _("Send down with instructions")
    HANDLE = "handle", _("Report handled")
    VERIFY_PASS = "verify_pass", _("Verify and close")
    VERIFY_FAIL = "verify_fail", _("Verification failed: rework")
    REOPEN = "reopen", _("Reopen")
    SELF_HANDLE = "self_handle", _("Solved on the spot")


# The deadline sweep, escalating overdue cases by itself.
SYSTEM = "system"

OPEN_STATES: frozenset[CaseState] = frozenset(
    {
        CaseState.REPORTED,
        CaseState.REGISTERED,
        CaseState.DISPATCHED,
        CaseState.IN_PROGRESS,
        CaseState.HANDLED,
    }
)
CLOSED_STATES: frozenset[CaseState] = frozenset(
    {CaseState.REJECTED, CaseState.MERGED, CaseState.CLOSED}
)
# Open states in which a handling unit holds the case.
HANDLING_STATES: frozenset[CaseState] = frozenset(
    {CaseState.DISPATCHED, CaseState.IN_PROGRESS}
)

# Who may act, by what they do. Grid chiefs also handle tasks inside their own grid.
# Supervisors, the city management office and administrators change no state: they
# supervise, review and administer through other services.
_DESK = frozenset({Role.DESK})
_HANDLERS = frozenset(
    {
        Role.DEPARTMENT_HANDLER,
        Role.COMMUNITY_SECRETARY,
        Role.FIRST_RESPONSIBLE,
        Role.GRID_CHIEF,
    }
)
_GRID = frozenset({Role.GRID_WORKER, Role.GRID_CHIEF})
# Those who speak for a platform node and may escalate on its behalf.
_NODE_HEADS = frozenset(
    {Role.DESK, Role.COMMUNITY_SECRETARY, Role.FIRST_RESPONSIBLE, Role.LEADER}
)
_ESCALATORS = _NODE_HEADS | {SYSTEM}
_UPPER_NODE = frozenset({Role.DESK, Role.LEADER})
_SWEEP = frozenset({SYSTEM})

S, A = CaseState, Action
TRANSITIONS: Mapping[tuple[CaseState, Action], tuple[CaseState, frozenset[str]]] = {
    (S.REPORTED, A.REGISTER): (S.REGISTERED, _DESK),
    (S.REPORTED, A.REJECT): (S.REJECTED, _DESK),
    (S.REPORTED, A.MERGE): (S.MERGED, _DESK),
    (S.REPORTED, A.SELF_HANDLE): (S.HANDLED, _GRID),
    (S.REPORTED, A.ESCALATE): (S.REPORTED, _SWEEP),
    (S.REGISTERED, A.MERGE): (S.MERGED, _DESK),
    (S.REGISTERED, A.DISPATCH): (S.DISPATCHED, _DESK),
    (S.REGISTERED, A.ESCALATE): (S.REGISTERED, _ESCALATORS),
    (S.REGISTERED, A.SEND_DOWN): (S.REGISTERED, _UPPER_NODE),
    (S.DISPATCHED, A.ACCEPT): (S.IN_PROGRESS, _HANDLERS),
    (S.DISPATCHED, A.RETURN): (S.REGISTERED, _HANDLERS),
    (S.DISPATCHED, A.ESCALATE): (S.REGISTERED, _ESCALATORS),
    (S.IN_PROGRESS, A.HANDLE): (S.HANDLED, _HANDLERS),
    (S.IN_PROGRESS, A.RETURN): (S.REGISTERED, _HANDLERS),
    (S.IN_PROGRESS, A.ESCALATE): (S.REGISTERED, _ESCALATORS),
    (S.HANDLED, A.VERIFY_PASS): (S.CLOSED, _GRID),
    (S.HANDLED, A.VERIFY_FAIL): (S.IN_PROGRESS, _GRID),
    (S.CLOSED, A.REOPEN): (S.REGISTERED, _DESK),
}

# Actions that the level of the node owning the case rules out, whoever acts.
BARRED_AT_NODE: Mapping[str, frozenset[Action]] = {
    Level.COMMUNITY: frozenset({A.SEND_DOWN}),
    Level.CITY: frozenset({A.ESCALATE}),
}
del S, A

# The open states from which the sweep escalates an overdue case by itself.
AUTO_ESCALATING_STATES: frozenset[CaseState] = frozenset(
    state
    for (state, action), (_new, who_may) in TRANSITIONS.items()
    if action == Action.ESCALATE and SYSTEM in who_may
)


def _barred_message(action: Action) -> str:
    if action == Action.ESCALATE:
        return gettext("The city is the highest level; there is nowhere to escalate.")
    return gettext("There is no platform node below a community to send the case to.")


def states_allowing(action: Action) -> frozenset[CaseState]:
    """The states in which the table allows `action` (to someone)."""
    return frozenset(state for state, taken in TRANSITIONS if taken == action)


# Where a duplicate can still be folded into another case (the merge step, the page's
# offer); read off the table, so a new row changes it too.
MERGEABLE_STATES: frozenset[CaseState] = states_allowing(Action.MERGE)


class TransitionNotAllowed(Exception):
    """An action that the case's state or the actor's roles do not allow; the message is translated."""

    def __init__(
        self, message: str, *, state: str, action: str, conflict: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.state = state
        self.action = action
        # The case's state does not allow the action at all, for anyone: typically it
        # moved on since the caller looked (someone else acted first).
        self.conflict = conflict


def is_open(state: str) -> bool:
    """Whether a case in this state still needs someone to act."""
    return CaseState(state) in OPEN_STATES


def is_closed(state: str) -> bool:
    """Whether a case in this state is finished: closed, rejected or merged."""
    return CaseState(state) in CLOSED_STATES


def allowed_actions(
    state: str, roles: Iterable[str], node_level: str = ""
) -> list[Action]:
    """The actions someone holding `roles` may take on a case in `state`, in `Action` order.

    With `node_level` (the level of the node owning the case), the actions that level
    rules out are left out too.
    """
    current = CaseState(state)
    held = frozenset(roles)
    barred = BARRED_AT_NODE.get(node_level, frozenset())
    return [
        action
        for action in Action
        if (rule := TRANSITIONS.get((current, action))) is not None
        and rule[1] & held
        and action not in barred
    ]


def next_state(
    state: str, action: str, roles: Iterable[str], node_level: str = ""
) -> CaseState:
    """The state a case in `state` moves to when someone holding `roles` takes `action`.

    Raises `TransitionNotAllowed` for an unknown action, an action the state does not
    allow, roles none of which may take it, or an action the node's level rules out.
    """
    current = CaseState(state)
    if action not in Action.values:
        raise TransitionNotAllowed(
            gettext("“%(action)s” is not an action on cases.") % {"action": action},
            state=current,
            action=action,
        )
    chosen = Action(action)
    rule = TRANSITIONS.get((current, chosen))
    names = {"action": chosen.label, "state": current.label}
    if rule is None:
        raise TransitionNotAllowed(
            gettext("“%(action)s” is not possible for a case that is “%(state)s”.")
            % names,
            state=current,
            action=chosen,
            conflict=True,
        )
    new_state, who_may = rule
    if not who_may & frozenset(roles):
        raise TransitionNotAllowed(
            gettext(
                "Your roles do not allow “%(action)s” on a case that is “%(state)s”."
            )
            % names,
            state=current,
            action=chosen,
        )
    if chosen in BARRED_AT_NODE.get(node_level, frozenset()):
        raise TransitionNotAllowed(
            _barred_message(chosen), state=current, action=chosen
        )
    return new_state
