"""Calling a service from a page: the one place where its refusals become errors of the form.

A service refuses in three ways: `TransitionNotAllowed` (the state or the actor's standing
does not allow the action), `ValidationError` (naming the fields at fault) and
`PermissionDenied` (the actor may not take this step on this case). All three end up on
the form the page shows again, next to the field they name or above the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from wangge.cases.workflow import TransitionNotAllowed


@dataclass(frozen=True)
class Outcome:
    """Whether the service did it, and what it returned."""

    ok: bool
    value: Any = None


def call_service(form: forms.Form, call: Callable[[], Any]) -> Outcome:
    """Validate `form`, then run `call`; a refusal lands on the form and nothing is done."""
    if not form.is_valid():
        return Outcome(False)
    try:
        return Outcome(True, call())
    except TransitionNotAllowed as exc:
        form.add_error(None, exc.message)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not take this step on this case."))
    except ValidationError as exc:
        _add_errors(form, exc)
    return Outcome(False)


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    field_for = getattr(form, "error_field", None) or (
        lambda name: name if name in form.fields else None
    )
    for name, errors in exc.error_dict.items():
        messages = [message for error in errors for message in error.messages]
        form.add_error(field_for(name), messages)


def form_problems(form: forms.Form) -> list[str]:
    """Every error of a form as plain sentences, field errors prefixed by the field's label."""
    problems = list(form.non_field_errors())
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        label = form.fields[name].label if name in form.fields else name
        problems += [f"{label}: {error}" for error in errors]
    return problems
