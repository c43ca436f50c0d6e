"""Intake by staff: a report taken for a caller, or found on patrol, through `case_create`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from wangge.cases import services
from wangge.core.ratelimit import limited
from wangge.workbench import case_pages
from wangge.workbench.forms import AttributeFieldsForm, CaseIntakeForm
from wangge.workbench.forms.intake import category_or_none
from wangge.workbench.service_calls import call_service
from wangge.workbench.views.regions import tile_layer


@login_required
@require_http_methods(["GET", "POST"])
@limited("intake_user")
def case_new(request):
    """Report a case: where (map, position or coordinates), what, who reported it, how."""
    form = CaseIntakeForm(
        request.POST or None, request.FILES or None, user=request.user
    )
    if request.method == "POST":
        outcome = call_service(
            form,
            lambda: services.case_create(
                report=form.report(),
                actor=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
            ),
        )
        if outcome.ok:
            return _reported(request, outcome.value)
    context = {
        "form": form,
        "area": case_pages.intake_area(request.user),
        "tiles": tile_layer(),
    }
    return render(
        request, "workbench/case_new.html", context, status=422 if form.errors else 200
    )


def _reported(request, intake):
    """Say what was reported and which reports may be the same problem; show the case."""
    case = intake.case
    messages.success(request, _("Case %(number)s reported.") % {"number": case.number})
    if intake.possible_duplicates:
        count = len(intake.possible_duplicates)
        messages.warning(
            request,
            ngettext(
                "%(count)d report nearby may be the same problem: see “Possible duplicates”.",
                "%(count)d reports nearby may be the same problem: see “Possible duplicates”.",
                count,
            )
            % {"count": count},
        )
    if case_pages.case_visible(request.user, case):
        return redirect(case)
    messages.info(request, _("It lies outside your area, so it is not listed for you."))
    return redirect("workbench:case_new")


@login_required
@require_GET
def case_attribute_fields(request):
    """The extra questions of a category: what the intake form swaps in when the category changes."""
    form = AttributeFieldsForm(category_or_none(request.GET.get("category")))
    return render(request, "workbench/case_attribute_fields.html", {"form": form})
