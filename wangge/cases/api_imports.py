"""REST v1 for historical imports: upload a file (checked in a dry run, or imported), then
follow its progress and fetch its report of rejected rows.

Only the city office, a desk or an administrator may import, and only rows inside their
jurisdiction are accepted (the others are reported, like any bad row). An import belongs
to the person who started it: anyone else (except the whole city's staff) gets 404.
"""

from datetime import datetime

from ninja import File, Form, Router, Schema, Status, UploadedFile

from wangge.cases.services.imports import (
    case_import_get_for_user,
    case_import_report_xlsx,
    case_import_start,
)
from wangge.core.downloads import XLSX, download
from wangge.core.schemas import ErrorOut, file_answer

router = Router(tags=["case imports"])


class RejectedRowOut(Schema):
    row: int
    field: str
    message: str


class CaseImportOut(Schema):
    """An import and where it stands: `progress` in percent, the counts once done."""

    id: str
    file_name: str
    dry_run: bool
    state: str
    progress: int
    total_rows: int
    accepted_rows: int
    rejected_rows: int
    skipped_rows: int
    created_at: datetime
    finished_at: datetime | None
    error: str
    report: list[RejectedRowOut]

    @staticmethod
    def resolve_id(obj) -> str:
        return obj.token


@router.post(
    "/case-imports",
    response={202: CaseImportOut, 400: ErrorOut, 403: ErrorOut},
    summary="Import historical cases from a CSV or Excel file",
)
def case_import_create(request, file: File[UploadedFile], dry_run: Form[bool] = False):
    """Queue the file's import (`dry_run`: check every row, write none); poll its status.

    Columns as in the README's "Importing historical cases"; rows are keyed by
    `source_number`, so importing a file twice writes its cases once.
    """
    run = case_import_start(
        actor=request.user,
        file_name=file.name or "",
        content=file.read(),
        dry_run=dry_run,
    )
    return Status(202, run)


@router.get(
    "/case-imports/{token}",
    response={200: CaseImportOut, 404: ErrorOut},
    summary="An import's status and report",
)
def case_import_status(request, token: str):
    """Progress while it runs; once done, the counts and every rejected row."""
    return case_import_get_for_user(request.user, token)


@router.get(
    "/case-imports/{token}/report.xlsx",
    response={200: None, 404: ErrorOut},
    summary="An import's rejected rows as an Excel workbook",
    openapi_extra=file_answer(
        XLSX,
        "The workbook",
    ),
)
def case_import_report(request, token: str):
    """Row, column and reason of each rejected row."""
    run = case_import_get_for_user(request.user, token)
    return download(case_import_report_xlsx(run), f"import-{run.token}.xlsx", XLSX)
