"""The steps a reader may take on a case page, each a form and one service call.

A step is offered when the reader's `Standing` allows it; the page builds its form, the
step view binds it to the POST and runs `run`, which calls exactly one service. Workflow
actions go through `case_transition`; the others change flags and deadlines (supervision,
extensions, shelving), add photos, record the reporter's rating and return visits, or
take part as an assisting unit (协办). Whether a step is offered is `cases.access`'s rule,
the one the services enforce.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wangge.cases import services
from wangge.cases.models import Case
from wangge.cases.workflow import Action
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


def _step(slug: str):
    """Offered when `cases.access.case_steps_allowed` allows it: the rule the API's
    services apply too."""
    return lambda standing: slug in standing.steps


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
        offered=_step("supervise"),
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
        offered=_step("supervision_reply"),
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
        offered=_step("extension_request"),
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
        offered=_step("extension_decide"),
        look=DECISION,
    ),
    Step(
        slug="shelving_request",
        label=_("Ask to shelve"),
        form_class=step_forms.ShelvingRequestForm,
        run=lambda case, actor, form: services.shelving_request(
            case=case, actor=actor, reason=form.cleaned_data["reason"]
        ),
        offered=_step("shelving_request"),
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
        offered=_step("shelving_decide"),
        look=DECISION,
    ),
    Step(
        slug="unshelve",
        label=_("Take off the shelf"),
        form_class=step_forms.NoteForm,
        run=lambda case, actor, form: services.shelving_release(
            case=case, actor=actor, note=form.note()
        ),
        offered=_step("unshelve"),
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
        offered=_step("rate"),
    ),
    Step(
        slug="return_visit",
        label=_("Record a return visit"),
        form_class=step_forms.ReturnVisitForm,
        run=lambda case, actor, form: services.case_return_visit(
            case=case, actor=actor, note=form.note()
        ),
        offered=_step("return_visit"),
        tone=ASIDE,
    ),
]

_ASSISTS = [
    Step(
        slug="assist_add",
        label=_("Ask another unit to assist"),
        form_class=step_forms.AssistForm,
        run=lambda case, actor, form: services.assist_add(
            case=case, actor=actor, task=form.cleaned_data["task"], **form.params()
        ),
        offered=_step("assist_add"),
        tone=ASIDE,
    ),
    Step(
        slug="assist_accept",
        label=_("Accept our part"),
        form_class=step_forms.AssistAcceptForm,
        run=lambda case, actor, form: services.assist_accept(
            assist=form.cleaned_data["assist"], actor=actor, note=form.note()
        ),
        offered=_step("assist_accept"),
        look=BUTTON,
    ),
    Step(
        slug="assist_report",
        label=_("Report our part done"),
        form_class=step_forms.AssistReportForm,
        run=lambda case, actor, form: services.assist_report(
            assist=form.cleaned_data["assist"],
            actor=actor,
            report=form.cleaned_data["report"],
        ),
        offered=_step("assist_report"),
    ),
]

STEPS: dict[str, Step] = {step.slug: step for step in _WORKFLOW + _ASSISTS + _OVERSIGHT}


def step_get(slug: str) -> Step:
    """The step of this slug; 404 for an unknown one."""
    step = STEPS.get(slug)
    if step is None:
        raise Http404("No such step.")
    return step


def steps_offered(standing: Standing) -> list[Step]:
    """The steps the page offers this reader, workflow actions first in lifecycle order."""
    return [step for step in STEPS.values() if step.offered(standing)]
