"""One workflow action on many cases at once (a desk's bulk register and dispatch, a
handler's bulk acceptance), all or report.

Each case goes through `case_transition` in a transaction of its own: a case is either
moved with its event written and its notifications queued, or left exactly as it was,
with the reason why. One refusal stops nothing else; the caller hears, case by case,
what was done and what was not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from wangge.cases import workflow
from wangge.cases.access import cases_visible_to
from wangge.cases.models import Case
from wangge.cases.services.transitions import case_transition

A = workflow.Action
# The actions a list offers for many cases at once: those that need no reason written.
BULK_ACTIONS = (A.REGISTER, A.DISPATCH, A.ACCEPT)
MAX_BULK = 100


@dataclass(frozen=True)
class BulkResult:
    """What became of one case of a bulk action: done, or refused and why (with the case
    as it stands, unless it lies outside the actor's area)."""

    number: str
    ok: bool
    message: str
    case: Case | None = None


def _numbers(numbers: list[str]) -> list[str]:
    """The case numbers in the order given, each once; too many or none is a 400."""
    unique = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    if not unique:
        raise ValidationError({"cases": _("Choose at least one case.")})
    if len(unique) > MAX_BULK:
        raise ValidationError(
            {"cases": _("Choose at most %(max)d cases at once.") % {"max": MAX_BULK}}
        )
    return unique


def case_bulk_transition(
    *,
    numbers: list[str],
    action: str,
    actor: Any,
    params: dict | None = None,
) -> list[BulkResult]:
    """Take `action` on each case of `numbers` as `actor`; one result per number, in order.

    A number outside the actor's area is reported as not found, like one that does not
    exist. Raises `ValidationError` (nothing done) for an action the list does not offer,
    and for no cases or too many.
    """
    if action not in BULK_ACTIONS:
        raise ValidationError(
            {
                "action": _("Choose one of: %(actions)s.")
                % {"actions": ", ".join(str(a.label) for a in BULK_ACTIONS)}
            }
        )
    wanted = _numbers(numbers)
    found = {c.number: c for c in cases_visible_to(actor).filter(number__in=wanted)}
    results = []
    for number in wanted:
        case = found.get(number)
        if case is None:
            results.append(BulkResult(number, False, _("No such case in your area.")))
            continue
        results.append(_one(case, action, actor, params or {}))
    return results


def _one(case: Case, action: str, actor, params: dict) -> BulkResult:
    try:
        case = case_transition(
            case=case, action=action, actor=actor, params=dict(params)
        )
    except workflow.TransitionNotAllowed as exc:
        return BulkResult(case.number, False, exc.message, case)
    except PermissionDenied as exc:
        message = str(exc) or _("You may not take this step on this case.")
        return BulkResult(case.number, False, message, case)
    except ValidationError as exc:
        return BulkResult(case.number, False, " ".join(exc.messages), case)
    state = case.get_state_display()
    return BulkResult(case.number, True, _("Now %(state)s.") % {"state": state}, case)
