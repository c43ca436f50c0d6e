"""Schemas every router of the REST API shares, kept in the ground so every app may use them."""

from collections.abc import Callable
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, create_model

# The largest value a database integer column holds (signed 64 bits). An id past it is
# refused as input, naming the field, before any driver overflows on it.
MAX_DB_INTEGER = 2**63 - 1
# How far an offset may skip; deeper pages are reached by cursor, which costs nothing.
MAX_OFFSET = 100_000

RowId = Annotated[int, Field(ge=1, le=MAX_DB_INTEGER)]
PageOffset = Annotated[
    int, Field(ge=0, le=MAX_OFFSET, description="How many items to skip")
]


class ErrorOut(Schema):
    """What every 4xx answer carries: a sentence, and for bad input the messages per field."""

    detail: str = Field(description="What went wrong, in the caller's language.")
    errors: dict[str, list[str]] | None = Field(
        None,
        description="For invalid input: the messages for each field that was refused "
        "(`__all__` for the input as a whole).",
    )
    state: str | None = Field(
        None,
        description="With 409: the case's state now, which no longer allows the "
        "action (someone acted first).",
    )


# How many items a page of a list holds by default, and at most.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PageQuery(Schema):
    """`limit` and `offset` of a list operation: the same pair as the case list's."""

    limit: int = Field(
        PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="How many items to return"
    )
    offset: PageOffset = 0


def page_of(rows, query: PageQuery, each: Callable[[Any], Any] | None = None) -> dict:
    """`{count, items}` of a query set or a list: the count of all, the items of the page
    (each turned into what the answer shows by `each`, when given)."""
    count = len(rows) if isinstance(rows, list | tuple) else rows.count()
    items = rows[query.offset : query.offset + query.limit]
    return {
        "count": count,
        "items": [each(item) for item in items] if each else list(items),
    }


def page_schema(item: type) -> type[Schema]:
    """The answer of a list operation: `{count, items}` of `item`, named after it."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        __doc__=f"A page of {item.__name__}: how many there are in all, and this page's.",
        count=(int, Field(description="How many items the list holds in all")),
        items=(list[item], Field(description="The items of this page")),
    )


def file_answer(media_type: str, description: str) -> dict:
    """The `openapi_extra` of an operation that answers a file (a workbook, a PDF, a photo)
    rather than JSON: its 200 as binary content of `media_type`."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {
                    media_type: {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    }
