"""Schemas every router of the REST API shares, kept in the ground so every app may use them."""

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """What every 4xx answer carries: a sentence, and for bad input the messages per field."""

    detail: str = Field(description="What went wrong, in the caller's language.")
    errors: dict[str, list[str]] | None = Field(
        None,
        description="For invalid input: the messages for each field that was refused "
        "(`__all__` for the input as a whole).",
    )
