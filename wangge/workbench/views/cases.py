"""Case pages: the list, one case, and the steps taken on it (each one form, one service)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wangge.cases.access import case_get_for_user
from wangge.cases.saved_filters import saved_filter_list
from wangge.workbench import case_pages
from wangge.workbench.case_standing import standing_of
from wangge.workbench.case_steps import step_get
from wangge.workbench.forms import CaseBulkForm, CaseFilterForm, SavedFilterForm
from wangge.workbench.service_calls import call_service
from wangge.workbench.views.regions import tile_layer

# htmx event that tells the header's inbox badge to count again.
NOTIFICATIONS_CHANGED = "notifications-changed"


@login_required
@require_GET
def case_list(request):
    """The reader's cases, filtered, sorted, paginated; "my work" keeps those waiting for
    them; with the bulk actions, the export and the reader's saved filters."""
    form = CaseFilterForm(request.GET or None, user=request.user)
    listing = case_pages.case_listing(
        request.user,
        form.filters(),
        mine=form.only_mine,
        cursor=request.GET.get("cursor", "")[:100],
        sort=form.order,
    )
    context = {
        "form": form,
        "listing": listing,
        "bulk": CaseBulkForm(user=request.user),
        "saved_filters": saved_filter_list(request.user),
        "save_filter": SavedFilterForm(),
    }
    return render(request, "workbench/case_list.html", context)


@login_required
@require_GET
def case_detail(request, number):
    """One case: summary, map, photos, timeline, deadline and the steps the reader may take."""
    page = case_pages.case_page(request.user, number)
    context = {"page": page, "tiles": tile_layer()}
    return render(request, "workbench/case_detail.html", context)


@login_required
@require_POST
def case_step(request, number, step):
    """Take one step on a case; a refusal shows the page again with the form's errors."""
    spec = step_get(step)
    case = case_get_for_user(request.user, number)
    form = spec.form(standing_of(request.user, case), request.POST, request.FILES)
    outcome = call_service(form, lambda: spec.run(case, request.user, form))
    if outcome.ok:
        messages.success(
            request,
            _("%(number)s: “%(step)s” done.")
            % {"number": case.number, "step": spec.label},
        )
        return _after_step(request, case)
    messages.error(request, _("Not done: see the form below."))
    page = case_pages.case_page(request.user, number, failed=(spec.slug, form))
    context = {"page": page, "tiles": tile_layer()}
    return render(request, "workbench/case_detail.html", context, status=422)


def _after_step(request, case):
    """Back to the case, or to the list when the step took the case out of the reader's view."""
    if case_pages.case_visible(request.user, case):
        response = redirect(case)
    else:
        response = redirect("workbench:cases")
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = reverse("workbench:cases")
    response["HX-Trigger"] = NOTIFICATIONS_CHANGED
    return response
