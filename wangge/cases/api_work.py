"""REST v1 for the work of a desk and of everyone with a queue: what waits for me, bulk
actions on many cases, the list as Excel, a region's work ledger, and a case's printable
sheets.

The same selectors and services as the pages, under the same jurisdiction: a case outside
the caller's area answers 404 (or, in a bulk action, "no such case" for that case only).
`api.setup` adds this router before the cases router, so `/cases/export.xlsx` is not
read as the case numbered "export.xlsx".
"""

from __future__ import annotations

from typing import Annotated

from ninja import Field, PathEx, Query, Router, Schema

from wangge.access.jurisdiction import region_get_for_user
from wangge.cases import services
from wangge.cases.access import case_get_for_user, case_work_q
from wangge.cases.exports import export_xlsx
from wangge.cases.ledger import ledger_cases, ledger_xlsx
from wangge.cases.my_work import my_work
from wangge.cases.schemas import CaseFilterQuery, CaseListQuery, CaseSummaryOut
from wangge.cases.selectors import case_details_load
from wangge.cases.sheets import SHEETS, case_sheet_pdf
from wangge.core.downloads import PDF, XLSX, dated, download
from wangge.core.schemas import ErrorOut, PageQuery, file_answer, page_of, page_schema

router = Router(tags=["work"])


class WorkFigureOut(Schema):
    slug: str = Field(
        description="What is counted, e.g. `waiting`, `due_soon`, `orders`"
    )
    label: str
    count: int
    light: str = Field(description="`yellow` or `red` when the figure is a warning")
    query: dict[str, str] = Field(
        description="The list filters that show the same cases (`mine` = my work)"
    )


class WorkListOut(Schema):
    slug: str
    title: str
    cases: list[CaseSummaryOut]


class MyWorkOut(Schema):
    """What waits for the caller, by the roles of their posts."""

    figures: list[WorkFigureOut]
    lists: list[WorkListOut]


class BulkIn(Schema):
    cases: list[Annotated[str, Field(max_length=20)]] = Field(
        description="Case numbers (at most 100)", max_length=services.MAX_BULK
    )
    department: str = Field(
        "", max_length=64, description="dispatch: the department's code"
    )
    region: str = Field(
        "",
        max_length=32,
        description="dispatch: a community, township or grid cell's code; with neither, "
        "each case goes where routing suggests",
    )


class BulkResultOut(Schema):
    number: str
    ok: bool
    detail: str = Field(
        description="The state the case is in now, or why it was refused"
    )


class BulkOut(Schema):
    done: int
    refused: int
    results: list[BulkResultOut]


class ExportQuery(CaseListQuery):
    mine: bool = Field(False, description="Only the cases waiting for the caller")


class LedgerQuery(CaseFilterQuery, PageQuery):
    """The ledger page's filters (its region is the path's) and a page of its cases."""


@router.get(
    "/me/work",
    response={200: MyWorkOut},
    summary="What waits for my action",
)
def me_work(request):
    """Counts and short lists (most urgent first) of the cases waiting for the caller,
    of orders to answer and requests to decide, of their department's queue, and of their
    area's overdue cases: each as their roles need it."""
    return my_work(request.user)


@router.post(
    "/cases/bulk/{action}",
    response={200: BulkOut, 400: ErrorOut},
    summary="Take one workflow action on many cases",
    description="`action` is one of "
    + ", ".join(f"`{a}`" for a in services.BULK_ACTIONS)
    + ". Each case goes through the action on its own: done, or refused with the "
    "reason and left as it was. A case outside the caller's area is refused as not found.",
)
def cases_bulk(request, action: str, payload: BulkIn):
    params = payload.model_dump(include={"department", "region"})
    results = services.case_bulk_transition(
        numbers=payload.cases,
        action=action,
        actor=request.user,
        params={k: v for k, v in params.items() if v},
    )
    done = sum(r.ok for r in results)
    return {
        "done": done,
        "refused": len(results) - done,
        "results": [
            {"number": r.number, "ok": r.ok, "detail": r.message} for r in results
        ],
    }


@router.get(
    "/cases/export.xlsx",
    response={200: None, 400: ErrorOut, 429: ErrorOut},
    summary="The case list as an Excel workbook",
    openapi_extra=file_answer(
        XLSX,
        "The workbook (at most 10,000 cases)",
    ),
)
def cases_export(request, query: Query[ExportQuery]):
    """The caller's cases with the list's filters and order (`limit`, `offset` and
    `cursor` do not apply): reporter phones masked as in the list."""
    data = export_xlsx(
        request.user,
        query.case_filter(),
        narrowed=case_work_q(request.user) if query.mine else None,
        sort=query.sort,
    )
    return download(data, dated("cases", "xlsx"), XLSX)


@router.get(
    "/regions/{code}/ledger",
    response={200: page_schema(CaseSummaryOut), 400: ErrorOut, 404: ErrorOut},
    summary="The work ledger of a region: its cases, newest first",
)
def ledger_list(request, code: str, query: Query[LedgerQuery]):
    """The cases of a region of the caller's area with the ledger page's filters, newest
    first, `limit` of them after `offset`; the workbook below holds every instant of each."""
    node = region_get_for_user(request.user, code)
    return page_of(ledger_cases(request.user, node, query.case_filter()), query)


@router.get(
    "/regions/{code}/ledger.xlsx",
    response={200: None, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="The work ledger of a region as an Excel workbook",
    openapi_extra=file_answer(
        XLSX,
        "Every lifecycle instant of every case of the region",
    ),
)
def ledger_download(request, code: str, query: Query[CaseFilterQuery]):
    """The ledger of a region of the caller's area, with the list's filters (its region
    is the path's)."""
    node = region_get_for_user(request.user, code)
    data = ledger_xlsx(request.user, node, query.case_filter())
    return download(data, dated(f"ledger-{node.code}", "xlsx"), XLSX)


@router.get(
    "/cases/{id}/sheets/{kind}.pdf",
    response={200: None, 404: ErrorOut},
    summary="A printable sheet of the case (PDF)",
    description="`kind`: " + ", ".join(f"`{k}`" for k in SHEETS) + ". 404 when the "
    "case has nothing for that sheet yet (never dispatched, never supervised, not closed).",
    openapi_extra=file_answer(PDF, "The sheet"),
)
def case_sheet(
    request,
    id: Annotated[str, PathEx(description="The case number or its numeric id")],
    kind: str,
):
    case = case_details_load(case_get_for_user(request.user, id))
    data = case_sheet_pdf(request.user, case, kind)
    return download(data, f"{kind}-{case.number}.pdf", PDF, inline=True)
