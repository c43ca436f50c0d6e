"""The work ledger (工作台账) of a region: its cases on a page, and as an Excel download."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wangge.access.jurisdiction import region_get_for_user
from wangge.cases.ledger import ledger_page, ledger_xlsx
from wangge.core.downloads import XLSX, dated, download
from wangge.workbench.forms import LedgerFilterForm


@login_required
@require_GET
def ledger(request):
    """The ledger of a region of the reader's area (their top region by default), filtered."""
    form = LedgerFilterForm(request.GET or None, user=request.user)
    page = ledger_page(request.user, form.node_code(""), form.filters())
    return render(request, "workbench/case_ledger.html", {"form": form, "page": page})


@login_required
@require_GET
def ledger_download(request, code):
    """The ledger as an Excel workbook with every lifecycle instant of every case."""
    node = region_get_for_user(request.user, code)
    form = LedgerFilterForm(request.GET or None, user=request.user)
    data = ledger_xlsx(request.user, node, form.filters())
    return download(data, dated(f"ledger-{node.code}", "xlsx"), XLSX)
