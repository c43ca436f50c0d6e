"""Campaign pages (集中排查治理): the list, the progress board, inspections, projects, closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wangge.access.jurisdiction import jurisdiction_of, region_get_for_user
from wangge.reviews import selectors, services
from wangge.reviews.permissions import (
    INSPECTOR_ROLES,
    acts_for_department,
    is_city_office,
)
from wangge.workbench.forms.reviews import (
    CampaignCloseForm,
    CampaignForm,
    InspectionForm,
    ProgressForm,
    TargetForm,
)
from wangge.workbench.service_calls import call_service, form_problems


@login_required
@require_GET
def campaign_list(request):
    """The campaigns covering the reader's area."""
    return _list_page(request, CampaignForm() if is_city_office(request.user) else None)


def _list_page(request, form, status=200):
    campaigns = selectors.campaigns_visible_to(request.user).select_related("region")
    context = {"campaigns": campaigns, "form": form}
    return render(
        request, "workbench/reviews/campaign_list.html", context, status=status
    )


def _region_or_error(user, code, field):
    """A region of the user's jurisdiction named in a form; any other is an error of it."""
    try:
        return region_get_for_user(user, code)
    except Http404:
        raise ValidationError(
            {field: [_("No such region in your jurisdiction.")]}
        ) from None


def _with_region(user, data: dict) -> dict:
    return {**data, "region": _region_or_error(user, data["region"], "region")}


@login_required
@require_POST
def campaign_new(request):
    """The city office sets up a campaign with its areas and problem types."""
    form = CampaignForm(request.POST)
    outcome = call_service(
        form,
        lambda: services.campaign_create(
            actor=request.user, **_with_region(request.user, form.cleaned_data)
        ),
    )
    if outcome.ok:
        messages.success(request, _("Campaign set up."))
        return redirect(outcome.value)
    return _list_page(request, form, status=422)


@login_required
@require_POST
def campaign_target(request, code):
    """The city office gives a region its target."""
    campaign = selectors.campaign_get_for_user(request.user, code)
    form = TargetForm(request.POST)
    outcome = call_service(
        form,
        lambda: services.campaign_target_set(
            campaign=campaign,
            actor=request.user,
            **_with_region(request.user, form.cleaned_data),
        ),
    )
    if outcome.ok:
        messages.success(request, _("Target set."))
    else:
        messages.error(request, "; ".join(form_problems(form)))
    return redirect(campaign)


def _types(board):
    return [t for area in board.areas for t in area.problem_types.all()]


def _board_page(request, campaign, inspection_form=None, status=200):
    board = selectors.campaign_board(request.user, campaign)
    user = request.user
    for project in board.projects:
        project.may_report = not campaign.is_closed and acts_for_department(
            user, project.department_id
        )
    may_inspect = not campaign.is_closed and (
        jurisdiction_of(user).is_global
        or bool(jurisdiction_of(user).roles & INSPECTOR_ROLES)
    )
    office = is_city_office(user) and not campaign.is_closed
    context = {
        "board": board,
        "campaign": campaign,
        "chart": {
            "regions": [r.name for r in board.figures.regions],
            "inspected": [r.inspected_share for r in board.figures.regions],
            "solved": [r.solved_share for r in board.figures.regions],
        },
        "inspection_form": (
            inspection_form or InspectionForm(problem_types=_types(board))
            if may_inspect
            else None
        ),
        "progress_form": ProgressForm(),
        "close_form": CampaignCloseForm() if office else None,
        "target_form": TargetForm() if office else None,
    }
    return render(
        request, "workbench/reviews/campaign_board.html", context, status=status
    )


@login_required
@require_GET
def campaign_detail(request, code):
    """The progress board: targets per region, findings per problem type, projects."""
    return _board_page(request, selectors.campaign_get_for_user(request.user, code))


def _inspect(user, campaign, data):
    cell = _region_or_error(user, data["cell"], "cell")
    findings = []
    if data["problem_type"]:
        findings.append(
            services.Finding(
                int(data["problem_type"]),
                data["description"],
                solved_on_the_spot=data["solved_on_the_spot"],
            )
        )
    return services.campaign_inspect(
        campaign=campaign,
        actor=user,
        cell=cell,
        checked=[int(pk) for pk in data["checked"]],
        findings=findings,
        note=data["note"],
    )


@login_required
@require_POST
def campaign_inspect(request, code):
    """Record an inspection of a cell; a problem found becomes a case."""
    campaign = selectors.campaign_get_for_user(request.user, code)
    board = selectors.campaign_board(request.user, campaign)
    form = InspectionForm(request.POST, problem_types=_types(board))
    outcome = call_service(
        form, lambda: _inspect(request.user, campaign, form.cleaned_data)
    )
    if outcome.ok:
        messages.success(request, _("Inspection recorded."))
        return redirect(campaign)
    return _board_page(request, campaign, inspection_form=form, status=422)


@login_required
@require_POST
def project_progress(request, code, pk):
    """The lead department reports progress on an improvement project."""
    project = selectors.project_get_for_user(request.user, pk)
    if project.campaign.code != code:
        raise Http404
    form = ProgressForm(request.POST)
    outcome = call_service(
        form,
        lambda: services.project_progress_record(
            project=project, actor=request.user, **form.cleaned_data
        ),
    )
    if outcome.ok:
        messages.success(request, _("Progress recorded."))
    else:
        messages.error(request, "; ".join(form_problems(form)))
    return redirect(project.campaign)


@login_required
@require_POST
def campaign_close(request, code):
    """The city office closes the campaign with its report; the figures freeze."""
    campaign = selectors.campaign_get_for_user(request.user, code)
    form = CampaignCloseForm(request.POST)
    outcome = call_service(
        form,
        lambda: services.campaign_close(
            campaign=campaign, actor=request.user, report=form.cleaned_data["report"]
        ),
    )
    if outcome.ok:
        messages.success(request, _("Campaign closed."))
        return redirect("workbench:campaign_report", code=code)
    messages.error(request, "; ".join(form_problems(form)))
    return redirect(campaign)


@login_required
@require_GET
def campaign_report(request, code):
    """The campaign's report: frozen once closed, the figures so far while it runs."""
    campaign = selectors.campaign_get_for_user(request.user, code)
    board = selectors.campaign_board(request.user, campaign)
    return render(
        request,
        "workbench/reviews/campaign_report.html",
        {"board": board, "campaign": campaign},
    )
