"""Schemas every router of the REST API shares, kept in the ground so every app may use them."""

from typing import Annotated

from ninja import Schema
from pydantic import Field

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
