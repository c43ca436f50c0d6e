"""The desk's tools on the case list: bulk actions, the Excel export, saved filters, and a
case's printable sheets. Thin: a form, a scoped selector or one service, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wangge.cases.access import case_get_for_user, case_work_q
from wangge.cases.exports import export_xlsx
from wangge.cases.saved_filters import saved_filter_delete, saved_filter_save
from wangge.cases.selectors import case_details_load
from wangge.cases.services import case_bulk_transition
from wangge.cases.sheets import case_sheet_pdf
from wangge.core.downloads import PDF, XLSX, dated, download
from wangge.workbench.forms import CaseBulkForm, CaseFilterForm, SavedFilterForm
from wangge.workbench.service_calls import form_problems


def _list_url(query: str) -> str:
    base = reverse("workbench:cases")
    return f"{base}?{query}" if query else base


@login_required
@require_POST
def case_bulk(request):
    """One action on the checked cases: each done or refused with its reason, shown in a table."""
    form = CaseBulkForm(request.POST, user=request.user)
    results, problems = [], []
    if form.is_valid():
        try:
            results = case_bulk_transition(
                numbers=form.cleaned_data["cases"],
                action=form.cleaned_data["action"],
                actor=request.user,
                params=form.params(),
            )
        except ValidationError as exc:
            problems = exc.messages
    else:
        problems = form_problems(form)
    context = {
        "results": results,
        "done": sum(r.ok for r in results),
        "problems": problems,
        "back": _list_url(form.data.get("back", "")[:1000]),
    }
    response = render(
        request, "workbench/case_bulk.html", context, status=400 if problems else 200
    )
    response["HX-Trigger"] = "notifications-changed"
    return response


@login_required
@require_GET
def case_export(request):
    """The list, as filtered and sorted, as an Excel workbook (at most 10,000 cases)."""
    form = CaseFilterForm(request.GET or None, user=request.user)
    data = export_xlsx(
        request.user,
        form.filters(),
        narrowed=case_work_q(request.user) if form.only_mine else None,
        sort=form.order,
    )
    return download(data, dated("cases", "xlsx"), XLSX)


@login_required
@require_GET
def case_sheet(request, number, kind):
    """A printable sheet of the case (dispatch, supervision, closure) as PDF; 404 outside."""
    case = case_details_load(case_get_for_user(request.user, number))
    data = case_sheet_pdf(request.user, case, kind)
    return download(data, f"{kind}-{case.number}.pdf", PDF, inline=True)


@login_required
@require_POST
def saved_filter_create(request):
    """Save the list's current filter under a name, then show the list with it."""
    form = SavedFilterForm(request.POST)
    query = request.POST.get("query", "")[:1000]
    if form.is_valid():
        try:
            saved = saved_filter_save(
                owner=request.user, name=form.cleaned_data["name"], query=query
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved})
            return redirect(_list_url(saved.query))
    else:
        messages.error(request, " ".join(form_problems(form)))
    return redirect(_list_url(query))


@login_required
@require_POST
def saved_filter_remove(request, pk):
    """Delete one of the reader's saved filters (someone else's is a 404)."""
    saved_filter_delete(owner=request.user, pk=pk)
    messages.success(request, _("Saved filter deleted."))
    return redirect("workbench:cases")
