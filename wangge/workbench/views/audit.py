"""The audit trail for the city management office: search it, check its chain, export it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from wangge.access.audit import (
    VERIFY_SPAN_CAP,
    AuditRow,
    audit_chain_check,
    audit_reader_check,
    audit_xlsx,
)
from wangge.audit.selectors import audit_entry_page
from wangge.core.downloads import XLSX, dated, download
from wangge.workbench.forms.audit import AuditFilterForm


def _page(request, form, check=None, status=200):
    page = audit_entry_page(form.filters(), before=form.page_before())
    context = {
        "form": form,
        "rows": [AuditRow.of(entry) for entry in page.entries],
        "next_query": (
            form.query_string(before=page.next_before) if page.next_before else ""
        ),
        "first_query": form.query_string(),
        "check": check,
        "span_cap": VERIFY_SPAN_CAP,
    }
    return render(request, "workbench/audit_list.html", context, status=status)


@login_required
@require_GET
def audit_list(request):
    """The trail, newest first, filtered; 404 for all but the city office."""
    audit_reader_check(request.user)
    return _page(request, AuditFilterForm(request.GET or None))


@login_required
@require_POST
def audit_verify(request):
    """Recompute the chain over the filtered stretch (or the whole chain) and show the page."""
    audit_reader_check(request.user)
    form = AuditFilterForm(request.POST)
    whole = request.POST.get("scope") == "all"
    check = audit_chain_check(request.user, form.filters(), whole=whole)
    return _page(request, form, check={"result": check, "whole": whole})


@login_required
@require_GET
def audit_export(request):
    """The filtered entries as an Excel workbook (audited and counted as every export)."""
    audit_reader_check(request.user)
    form = AuditFilterForm(request.GET or None)
    return download(
        audit_xlsx(request.user, form.filters()), dated("audit", "xlsx"), XLSX
    )
