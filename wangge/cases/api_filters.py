"""REST v1 for the filters a person saved for the case list: their own, nobody else's.

A filter is the query string of the workbench's case list, kept as given (without its
cursor); the list reads it again each time it opens, ignoring what no longer fits. The same
filters show in the workbench and here. `api.setup` adds this router before the cases router, so
`/cases/filters` is not read as the case numbered "filters".
"""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status

from wangge.cases.saved_filters import (
    saved_filter_delete,
    saved_filter_list,
    saved_filter_save,
)
from wangge.core.schemas import ErrorOut, PageQuery, RowId, page_of, page_schema

router = Router(tags=["cases"])


class SavedFilterOut(Schema):
    id: int
    name: str
    query: str = Field(
        description="The workbench case list's query string, without a cursor"
    )
    updated_at: datetime


class SavedFilterIn(Schema):
    name: str = Field(max_length=60, description="The same name replaces its filter")
    query: str = Field(
        "",
        max_length=1000,
        description="The workbench case list's query string, e.g. `light=red&open=open`",
    )


@router.get(
    "/cases/filters",
    response=page_schema(SavedFilterOut),
    summary="The case-list filters the caller saved",
)
def saved_filters(request, page: Query[PageQuery]):
    """The caller's own saved filters, by name."""
    return page_of(saved_filter_list(request.user), page)


@router.post(
    "/cases/filters",
    response={201: SavedFilterOut, 400: ErrorOut},
    summary="Save a case-list filter under a name",
)
def saved_filter_create(request, payload: SavedFilterIn):
    """Saves the query under the name; a filter already saved under it is replaced."""
    saved = saved_filter_save(
        owner=request.user, name=payload.name, query=payload.query
    )
    return Status(201, saved)


@router.delete(
    "/cases/filters/{id}",
    response={204: None, 404: ErrorOut},
    summary="Delete one of the caller's saved filters",
)
def saved_filter_remove(request, id: RowId):
    """Someone else's filter answers 404, as one that does not exist."""
    saved_filter_delete(owner=request.user, pk=id)
    return Status(204, None)
