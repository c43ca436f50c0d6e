"""Responsibility pages: thin views over linkage's selectors (jurisdiction first, 404 outside)
and services (through `call_service`, so a refusal lands on the form)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wangge.access.jurisdiction import region_get_for_user, users_visible_to
from wangge.linkage.candidates import accountability_candidates
from wangge.linkage.models import DeterminationStep
from wangge.linkage.selectors import accountability as determinations_read
from wangge.linkage.selectors import commitments as commitments_read
from wangge.linkage.selectors import contact_points as points_read
from wangge.linkage.selectors import contracts as contracts_read
from wangge.linkage.selectors import opinions as opinions_read
from wangge.linkage.selectors import teams as teams_read
from wangge.linkage.selectors.chain import responsibility_chain
from wangge.linkage.services import accountability as accountability_services
from wangge.linkage.services import commitments as commitment_services
from wangge.linkage.services import contact_points as contact_services
from wangge.linkage.services import contracts as contract_services
from wangge.linkage.services import opinions as opinion_services
from wangge.linkage.services import teams as team_services
from wangge.linkage.standing import determination_allowed_actions
from wangge.workbench.forms import linkage as forms
from wangge.workbench.service_calls import call_service

LIST_LIMIT = 200


def _page(request, template, context, status=200):
    return render(request, f"workbench/linkage/{template}.html", context, status=status)


@login_required
@require_GET
def index(request):
    """The reader's own contracts, and where each mechanism's page is."""
    mine = contracts_read.contract_list(
        request.user, person=request.user, current_only=True
    )
    return _page(request, "index", {"contracts": mine})


@login_required
@require_GET
def chain(request, code):
    """The chain of responsibility from a region up to the city."""
    links = responsibility_chain(request.user, code)
    return _page(request, "chain", {"links": links, "region": links[-1].region})


def _contracts_page(request, form=None, status=200):
    code = request.GET.get("region", "")[:15]
    region = region_get_for_user(request.user, code) if code else None
    rows = contracts_read.contract_list(request.user, region=region)[:LIST_LIMIT]
    context = {
        "contracts": rows,
        "region": region,
        "form": form or forms.ContractForm(),
    }
    return _page(request, "contracts", context, status)


@login_required
def contracts(request):
    """Contracts of the reader's area, past ones included (the history); assign one here."""
    if request.method != "POST":
        return _contracts_page(request)
    form = forms.ContractForm(request.POST)

    def assign():
        data = form.cleaned_data
        region = region_get_for_user(request.user, data["region"])
        person = users_visible_to(request.user).filter(username=data["person"]).first()
        if person is None:
            raise ValidationError(
                {"person": _("Name a person of your area by username.")}
            )
        replaces = data["replaces"]
        return contract_services.contract_assign(
            actor=request.user,
            kind=data["kind"],
            region=region,
            person=person,
            title=data["title"],
            valid_from=data["valid_from"],
            replaces=contracts_read.contract_get_for_user(request.user, replaces)
            if replaces
            else None,
        )

    if call_service(form, assign).ok:
        return redirect("workbench:linkage:contracts")
    return _contracts_page(request, form=form, status=400)


@login_required
@require_GET
def contact_points(request):
    return _page(
        request,
        "contact_points",
        {"points": points_read.contact_point_list(request.user)},
    )


def _contact_point_page(request, pk, visit_form=None, coordinate_form=None, status=200):
    point = points_read.contact_point_get_for_user(request.user, pk)
    context = {
        "point": point,
        "visit_form": visit_form or forms.VisitForm(),
        "coordinate_form": coordinate_form or forms.CoordinateForm(),
    }
    return _page(request, "contact_point", context, status)


@login_required
@require_GET
def contact_point(request, pk):
    """A contact point: its visits, the cases found there and those its leader coordinates."""
    return _contact_point_page(request, pk)


@login_required
@require_POST
def visit_create(request, pk):
    point = points_read.contact_point_get_for_user(request.user, pk)
    form = forms.VisitForm(request.POST)
    done = call_service(
        form,
        lambda: contact_services.contact_visit_record(
            actor=request.user, point=point, **form.cleaned_data
        ),
    )
    if done.ok:
        return redirect("workbench:linkage:contact_point", pk=pk)
    return _contact_point_page(request, pk, visit_form=form, status=400)


@login_required
@require_POST
def coordinate(request, pk):
    point = points_read.contact_point_get_for_user(request.user, pk)
    form = forms.CoordinateForm(request.POST)
    done = call_service(
        form,
        lambda: contact_services.contact_case_coordinate(
            actor=request.user,
            point=point,
            number=form.cleaned_data["case"],
            note=form.cleaned_data["note"],
        ),
    )
    if done.ok:
        return redirect("workbench:linkage:contact_point", pk=pk)
    return _contact_point_page(request, pk, coordinate_form=form, status=400)


@login_required
@require_GET
def teams(request):
    return _page(
        request, "teams", {"teams": teams_read.team_list(request.user)[:LIST_LIMIT]}
    )


def _team_page(request, pk, log_form=None, done_form=None, status=200):
    team = teams_read.team_get_for_user(request.user, pk)
    context = {
        "team": team,
        "roster": team.roster.select_related("user"),
        "tasks": team.tasks.all(),
        "logs": team.logs.select_related("author").prefetch_related("cases")[:50],
        "figures": teams_read.team_figures(team),
        "log_form": log_form or forms.LogForm(),
        "done_form": done_form or forms.TaskDoneForm(),
    }
    return _page(request, "team", context, status)


@login_required
@require_GET
def team(request, pk):
    """A work team: roster with posts and duties, tasks, logs and its own figures."""
    return _team_page(request, pk)


@login_required
@require_POST
def log_create(request, pk):
    team = teams_read.team_get_for_user(request.user, pk)
    form = forms.LogForm(request.POST)
    done = call_service(
        form,
        lambda: team_services.team_log_record(
            actor=request.user, team=team, **form.cleaned_data
        ),
    )
    if done.ok:
        return redirect("workbench:linkage:team", pk=pk)
    return _team_page(request, pk, log_form=form, status=400)


@login_required
@require_POST
def task_done(request, pk, task):
    team = teams_read.team_get_for_user(request.user, pk)
    item = get_object_or_404(team.tasks, pk=task)
    form = forms.TaskDoneForm(request.POST)
    done = call_service(
        form,
        lambda: team_services.team_task_done(
            actor=request.user, task=item, result=form.cleaned_data["result"]
        ),
    )
    if done.ok:
        return redirect("workbench:linkage:team", pk=pk)
    return _team_page(request, pk, done_form=form, status=400)


def _commitments_page(request, form=None, settle_form=None, status=200):
    context = {
        "commitments": commitments_read.commitment_list(request.user)[:LIST_LIMIT],
        "form": form or forms.CommitmentForm(),
        "settle_form": settle_form or forms.SettleForm(),
    }
    return _page(request, "commitments", context, status)


@login_required
def commitments(request):
    """Commitments of the reader's area with residents' ratings; a grid chief publishes here."""
    if request.method != "POST":
        return _commitments_page(request)
    form = forms.CommitmentForm(request.POST)

    def publish():
        data = form.cleaned_data
        region = region_get_for_user(request.user, data["region"])
        return commitment_services.commitment_publish(
            actor=request.user,
            region=region,
            title=data["title"],
            body=data["body"],
            due_on=data["due_on"],
        )

    if call_service(form, publish).ok:
        return redirect("workbench:linkage:commitments")
    return _commitments_page(request, form=form, status=400)


@login_required
@require_POST
def commitment_settle(request, pk):
    commitment = commitments_read.commitment_get_for_user(request.user, pk)
    form = forms.SettleForm(request.POST)
    done = call_service(
        form,
        lambda: commitment_services.commitment_settle(
            actor=request.user, commitment=commitment, **form.cleaned_data
        ),
    )
    if done.ok:
        return redirect("workbench:linkage:commitments")
    return _commitments_page(request, settle_form=form, status=400)


def _opinions_page(request, answer_form=None, status=200):
    surveys = list(opinions_read.surveys_visible_to(request.user)[:20])
    context = {
        "opinions": opinions_read.opinion_list(request.user)[:LIST_LIMIT],
        "surveys": [(s, opinions_read.survey_results(s)) for s in surveys],
        "answer_form": answer_form or forms.AnswerForm(),
    }
    return _page(request, "opinions", context, status)


@login_required
@require_GET
def opinions(request):
    """Residents' opinions by grid, with their public answers, and the surveys' results."""
    return _opinions_page(request)


@login_required
@require_POST
def opinion_answer(request, pk):
    opinion = opinions_read.opinion_get_for_user(request.user, pk)
    form = forms.AnswerForm(request.POST)
    done = call_service(
        form,
        lambda: opinion_services.opinion_answer(
            actor=request.user, opinion=opinion, **form.cleaned_data
        ),
    )
    if done.ok:
        return redirect("workbench:linkage:opinions")
    return _opinions_page(request, answer_form=form, status=400)


def _accountability_page(request, form=None, status=200):
    context = {
        "candidates": accountability_candidates(request.user),
        "determinations": determinations_read.determination_list(request.user)[
            :LIST_LIMIT
        ],
        "form": form,
        "blank": forms.ProposeForm(),
    }
    return _page(request, "accountability", context, status)


@login_required
@require_GET
def accountability(request):
    """Candidates raised from the record, and the determinations of the reader's area."""
    return _accountability_page(request)


@login_required
@require_POST
def determination_create(request):
    form = forms.ProposeForm(request.POST)

    def propose():
        data = form.cleaned_data
        region = region_get_for_user(request.user, data["region"])
        people = accountability_services.persons_named(region, form.usernames())
        return accountability_services.determination_propose(
            actor=request.user,
            region=region,
            kind=data["kind"],
            basis=data["basis"],
            reason=data["reason"],
            persons=people,
            case_numbers=[data["case"]] if data["case"] else [],
            commitment_ids=[data["commitment"]] if data["commitment"] else [],
        )

    done = call_service(form, propose)
    if done.ok:
        return redirect("workbench:linkage:determination", pk=done.value.pk)
    return _accountability_page(request, form=form, status=400)


def _determination_page(request, pk, form=None, status=200):
    item = determinations_read.determination_get_for_user(request.user, pk)
    context = {
        "item": item,
        "actions": [
            (
                action,
                DeterminationStep(action).label,
                reverse("workbench:linkage:act", args=[pk, action]),
            )
            for action in determination_allowed_actions(request.user, item)
        ],
        "form": form or forms.StepForm(),
    }
    return _page(request, "determination", context, status)


@login_required
@require_GET
def determination(request, pk):
    """A determination: whom and what it concerns, its steps, and the steps open to the reader."""
    return _determination_page(request, pk)


@login_required
@require_POST
def determination_act(request, pk, action):
    item = determinations_read.determination_get_for_user(request.user, pk)
    form = forms.StepForm(request.POST)
    done = call_service(
        form,
        lambda: accountability_services.determination_step(
            actor=request.user,
            determination=item,
            action=action,
            note=form.cleaned_data["note"],
        ),
    )
    if done.ok:
        return redirect("workbench:linkage:determination", pk=pk)
    return _determination_page(request, pk, form=form, status=400)
