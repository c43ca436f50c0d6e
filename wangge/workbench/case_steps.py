"""The steps a reader may take on a case page, each a form and one service call.

A step is offered when the reader's `Standing` allows it; the page builds its form, the
step view binds it to the POST and runs `run`, which calls exactly one service. Workflow
actions go through `case_transition`; the others change flags and deadlines (supervision,
extensions, shelving), add photos or record the reporter's rating and return visits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wangge.cases import services
from wangge.cases.access import HANDLER
from wangge.cases.models import Case
from wangge.cases.workflow import Action, CaseState
from wangge.workbench.case_standing import Standing
from wangge.workbench.forms import steps as step_forms

# How a step looks: a single button, a form that opens, or an approve/refuse pair.
BUTTON, FORM, DECISION = "button", "form", "decision"
# Its tone: forward in the lifecycle, aside, or refusing.
FORWARD, ASIDE, REFUSE = "forward", "aside", "refuse"


@dataclass(frozen=True)
class Step:
    """One step: its form, the service call that takes it, and when the page offers it."""

    slug: str
    label: str | Promise
    form_class: type[step_forms.StepForm]
    run: Callable[[Case, Any, step_forms.StepForm], Any]
    offered: Callable[[Standing], bool]
    look: str = FORM
    tone: str = FORWARD
    hint: str | Promise = ""

    @property
    def is_action(self) -> bool:
        """Whether this is a workflow action (it changes the state)."""
        return self.slug in Action.values

    def form(self, standing: Standing, data=None, files=None) -> step_forms.StepForm:
        return self.form_class(data, files, standing=standing, prefix=self.slug)


def _transition(action: str):
    def run(case, actor, form):
        return services.case_transition(
            case=case,
            action=action,
            actor=actor,
            note=form.note(),
            params=form.params(),
        )

    return run


def _allowed(action: str):
    return lambda standing: action in standing.actions


def _open(standing: Standing) -> bool:
    return standing.case.is_open


def _closed(standing: Standing) -> bool:
    return standing.case.state == CaseState.CLOSED


# Workflow actions: (action, form, look, tone, hint).
_ACTIONS = [
    (Action.REGISTER, step_forms.NoteForm, BUTTON, FORWARD, ""),
    (Action.DISPATCH, step_forms.DispatchForm, FORM, FORWARD, ""),
    (Action.ACCEPT, step_forms.NoteForm, BUTTON, FORWARD, ""),
    (
        Action.HANDLE,
        step_forms.NoteForm,
        FORM,
        FORWARD,
        _("Say what was done; add a photo after handling first."),
    ),
    (
        Action.VERIFY_PASS,
        step_forms.NoteForm,
        FORM,
        FORWARD,
        _("Needs a verification photo taken on site."),
    ),
    (
        Action.SELF_HANDLE,
        step_forms.NoteForm,
        FORM,
        FORWARD,
        _("You dealt with it on patrol; it still gets verified."),
    ),
    (
        Action.VERIFY_FAIL,
        step_forms.ReasonForm,
        FORM,
        REFUSE,
        _("Needs a verification photo taken on site."),
    ),
    (Action.ESCALATE, step_forms.ReasonForm, FORM, ASIDE, ""),
    (Action.SEND_DOWN, step_forms.ReasonForm, FORM, ASIDE, ""),
    (Action.RETURN, step_forms.ReasonForm, FORM, ASIDE, ""),
    (Action.MERGE, step_forms.MergeForm, FORM, ASIDE, ""),
    (Action.REOPEN, step_forms.ReasonForm, FORM, ASIDE, ""),
    (Action.REJECT, step_forms.ReasonForm, FORM, REFUSE, ""),
]

_WORKFLOW = [
    Step(
        slug=action.value,
        label=action.label,
        form_class=form_class,
        run=_transition(action.value),
        offered=_allowed(action.value),
        look=look,
        tone=tone,
        hint=hint,
    )
    for action, form_class, look, tone, hint in _ACTIONS
]

_OVERSIGHT = [
    Step(
        slug="photo",
        label=_("Add a photo"),
        form_class=step_forms.PhotoForm,
        run=lambda case, actor, form: services.case_photo_add(
            case=case,
            actor=actor,
            stage=form.cleaned_data["stage"],
            name=form.cleaned_data["file"].name,
            data=form.cleaned_data["file"].read(),
        ),
        offered=lambda standing: bool(standing.photo_stages),
        tone=ASIDE,
    ),
    Step(
        slug="supervise",
        label=_("Issue a supervision order"),
        form_class=step_forms.SupervisionForm,
        run=lambda case, actor, form: services.case_supervise(
            case=case,
            actor=actor,
            instructions=form.cleaned_data["instructions"],
            due_at=form.cleaned_data["due_at"],
        ),
        offered=lambda standing: "supervise" in standing.oversight and _open(standing),
        tone=ASIDE,
    ),
    Step(
        slug="supervision_reply",
        label=_("Reply to the supervision order"),
        form_class=step_forms.SupervisionReplyForm,
        run=lambda case, actor, form: services.supervision_reply(
            order=form.cleaned_data["order"],
            actor=actor,
            reply=form.cleaned_data["reply"],
        ),
        offered=lambda standing: standing.may_answer and bool(standing.open_orders),
    ),
    Step(
        slug="extension_request",
        label=_("Ask for more time"),
        form_class=step_forms.ExtensionRequestForm,
        run=lambda case, actor, form: services.extension_request(
            case=case,
            actor=actor,
            amount=form.cleaned_data["amount"],
            unit=form.cleaned_data["unit"],
            reason=form.cleaned_data["reason"],
        ),
        offered=lambda standing: (
            HANDLER in standing.capacities
            and _open(standing)
            and standing.pending_extension is None
        ),
        tone=ASIDE,
    ),
    Step(
        slug="extension_decide",
        label=_("Decide on more time"),
        form_class=step_forms.ExtensionDecisionForm,
        run=lambda case, actor, form: services.extension_decide(
            request=form.cleaned_data["request"],
            actor=actor,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        ),
        offered=lambda standing: (
            "decide_extension" in standing.oversight
            and standing.pending_extension is not None
        ),
        look=DECISION,
    ),
    Step(
        slug="shelving_request",
        label=_("Ask to shelve"),
        form_class=step_forms.ShelvingRequestForm,
        run=lambda case, actor, form: services.shelving_request(
            case=case, actor=actor, reason=form.cleaned_data["reason"]
        ),
        offered=lambda standing: (
            standing.may_answer
            and _open(standing)
            and not standing.case.is_shelved
            and standing.pending_shelving is None
        ),
        tone=ASIDE,
    ),
    Step(
        slug="shelving_decide",
        label=_("Decide on shelving"),
        form_class=step_forms.ShelvingDecisionForm,
        run=lambda case, actor, form: services.shelving_decide(
            request=form.cleaned_data["request"],
            actor=actor,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        ),
        offered=lambda standing: (
            "decide_shelving" in standing.oversight
            and standing.pending_shelving is not None
        ),
        look=DECISION,
    ),
    Step(
        slug="unshelve",
        label=_("Take off the shelf"),
        form_class=step_forms.NoteForm,
        run=lambda case, actor, form: services.shelving_release(
            case=case, actor=actor, note=form.note()
        ),
        offered=lambda standing: (
            "decide_shelving" in standing.oversight and standing.case.is_shelved
        ),
    ),
    Step(
        slug="rate",
        label=_("Record the reporter's rating"),
        form_class=step_forms.RatingForm,
        run=lambda case, actor, form: services.case_rate(
            case=case,
            actor=actor,
            satisfaction=form.cleaned_data["satisfaction"],
            comment=form.cleaned_data["comment"],
        ),
        offered=lambda standing: (
            "rate_for_reporter" in standing.oversight and _closed(standing)
        ),
    ),
    Step(
        slug="return_visit",
        label=_("Record a return visit"),
        form_class=step_forms.ReturnVisitForm,
        run=lambda case, actor, form: services.case_return_visit(
            case=case, actor=actor, note=form.note()
        ),
        offered=lambda standing: (
            "return_visit" in standing.oversight and _closed(standing)
        ),
        tone=ASIDE,
    ),
]

STEPS: dict[str, Step] = {step.slug: step for step in _WORKFLOW + _OVERSIGHT}


def step_get(slug: str) -> Step:
    """The step of this slug; 404 for an unknown one."""
    step = STEPS.get(slug)
    if step is None:
        raise Http404("No such step.")
    return step


def steps_offered(standing: Standing) -> list[Step]:
    """The steps the page offers this reader, workflow actions first in lifecycle order."""
    return [step for step in STEPS.values() if step.offered(standing)]
