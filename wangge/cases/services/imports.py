"""Runs of the historical import (`CaseImport`): started by a person, run by the worker (or
by the command line), their progress kept for the page that polls it, their report of
rejected rows, and an audit entry for each.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task
from openpyxl import Workbook

from wangge.access.jurisdiction import jurisdiction_of
from wangge.audit.models import AuditAction
from wangge.audit.services import audit_record
from wangge.cases.models import CaseImport, ImportState
from wangge.cases.services.history import UnreadableFile, history_import, may_import
from wangge.core import clock
from wangge.core.spreadsheets import xlsx_row

RUN_TASK = "wangge.cases.tasks.case_import_run"
MAX_IMPORT_BYTES = 200 * 1024 * 1024
FILE_TYPES = (".csv", ".xlsx")


def case_imports_visible_to(user: Any):
    """The imports a user may follow: their own; every import for the whole city's staff
    (superusers and the city office)."""
    j = jurisdiction_of(user)
    imports = CaseImport.objects.select_related("created_by")
    if j.is_global:
        return imports
    return imports.filter(created_by=user)


def case_import_get_for_user(user: Any, token: str) -> CaseImport:
    """One import by its reference, or 404 when missing or not the user's to follow."""
    found = case_imports_visible_to(user).filter(token=token).first()
    if found is None:
        raise Http404("No such import.")
    return found


def case_import_start(
    *,
    actor: Any,
    file_name: str,
    content: bytes,
    dry_run: bool = False,
    queue: bool = True,
) -> CaseImport:
    """Keep an uploaded file and queue its import (or its dry run) for the worker
    (`queue=False`: the caller runs it itself, as the command line does).

    Raises `PermissionDenied` for someone who may not import, `ValidationError` naming
    `file` for a file of the wrong type, empty or too large; nothing is kept then.
    """
    if not may_import(actor):
        raise PermissionDenied(_("Only the city office or a desk may import cases."))
    name = (file_name or "").strip()[-120:]
    if not name.lower().endswith(FILE_TYPES):
        raise ValidationError(
            {"file": _("Choose a CSV file or an Excel workbook (.xlsx).")}
        )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)d MB.")
                % {"mb": MAX_IMPORT_BYTES >> 20}
            }
        )
    with transaction.atomic():
        run = CaseImport(
            token=secrets.token_hex(8),
            created_by=actor if getattr(actor, "pk", None) else None,
            created_at=clock.now(),
            file_name=name,
            language=translation.get_language() or "",
            dry_run=dry_run,
        )
        run.file.save(name, ContentFile(content), save=False)
        run.save()
        if queue:
            transaction.on_commit(lambda: async_task(RUN_TASK, run.pk, group="imports"))
    return run


def case_import_run(run: CaseImport, *, progress=None) -> CaseImport:
    """Import the file of `run` now (in the worker, or in the command), keeping its
    progress, counts and report on the row, and recording it in the audit trail."""
    CaseImport.objects.filter(pk=run.pk).update(state=ImportState.RUNNING, progress=0)

    def advance(done: int, total: int) -> None:
        percent = min(99, 100 * done // max(total, 1))
        CaseImport.objects.filter(pk=run.pk).update(progress=percent)
        if progress is not None:
            progress(done, total)

    with run.file.open("rb") as handle:
        content = handle.read()
    with translation.override(run.language or None):
        try:
            checked = history_import(
                content,
                run.file_name,
                actor=run.created_by,
                dry_run=run.dry_run,
                progress=advance,
            )
        except UnreadableFile as error:
            run.state, run.error = ImportState.FAILED, str(error)
        else:
            run.state = ImportState.DONE
            run.total_rows = checked.total
            run.accepted_rows = len(checked.rows)
            run.rejected_rows = checked.rejected
            run.skipped_rows = checked.skipped
            run.report = [error.as_dict() for error in checked.errors]
    run.progress = 100
    run.finished_at = clock.now()
    run.save(
        update_fields=[
            "state",
            "error",
            "progress",
            "total_rows",
            "accepted_rows",
            "rejected_rows",
            "skipped_rows",
            "report",
            "finished_at",
        ]
    )
    audit_record(
        AuditAction.CASE_IMPORT,
        actor=run.created_by,
        target=f"case_import:{run.token}",
        file=run.file_name,
        dry_run=run.dry_run,
        state=run.state,
        rows=run.total_rows,
        accepted=run.accepted_rows,
        rejected=run.rejected_rows,
        skipped=run.skipped_rows,
    )
    return run


def case_import_report_xlsx(run: CaseImport) -> bytes:
    """The rejected rows of an import as an Excel sheet: row, column, why (in the active
    language's headers; the messages in the importer's)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Rejected rows"))
    sheet.append(xlsx_row(sheet, [_("Row"), _("Column"), _("Message")]))
    for entry in run.report:
        sheet.append(xlsx_row(sheet, [entry["row"], entry["field"], entry["message"]]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
