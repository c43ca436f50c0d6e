"""The historical import page: upload a file, see its dry run, import it, follow its
progress (the page polls the status fragment while the worker runs) and download the
report of rejected rows."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wangge.cases.services.history import may_import
from wangge.cases.services.imports import (
    case_import_get_for_user,
    case_import_report_xlsx,
    case_import_start,
    case_imports_visible_to,
)
from wangge.core.downloads import XLSX, download
from wangge.workbench.service_calls import call_service


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file or Excel workbook"))
    dry_run = forms.BooleanField(
        label=_("Dry run: check every row, write nothing"), required=False, initial=True
    )


def _allowed(request) -> None:
    if not may_import(request.user):
        raise PermissionDenied(_("Only the city office or a desk may import cases."))


@login_required
@require_http_methods(["GET", "POST"])
def case_imports(request):
    """The upload form and the reader's recent imports."""
    _allowed(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        upload = request.FILES.get("file")
        outcome = call_service(
            form,
            lambda: case_import_start(
                actor=request.user,
                file_name=upload.name,
                content=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
            ),
        )
        if outcome.ok:
            return redirect(outcome.value)
    recent = case_imports_visible_to(request.user)[:20]
    return render(
        request, "workbench/case_imports.html", {"form": form, "imports": recent}
    )


@login_required
@require_GET
def case_import(request, token):
    """One import: its progress bar, then its counts and rejected rows."""
    run = case_import_get_for_user(request.user, token)
    return render(request, "workbench/case_import.html", {"run": run})


@login_required
@require_GET
def case_import_status(request, token):
    """The progress fragment the page polls (it stops polling once the import is done)."""
    run = case_import_get_for_user(request.user, token)
    return render(request, "workbench/case_import_status.html", {"run": run})


@login_required
@require_POST
def case_import_commit(request, token):
    """Import for real the file of a finished dry run."""
    _allowed(request)
    run = case_import_get_for_user(request.user, token)
    with run.file.open("rb") as handle:
        content = handle.read()
    again = case_import_start(
        actor=request.user, file_name=run.file_name, content=content, dry_run=False
    )
    return redirect(again)


@login_required
@require_GET
def case_import_report(request, token):
    """The rejected rows as an Excel workbook."""
    run = case_import_get_for_user(request.user, token)
    return download(case_import_report_xlsx(run), f"import-{run.token}.xlsx", XLSX)
