"""URL converters shared by every app's pages."""

from django.urls import register_converter


class RowIdConverter:
    """A row id in a page URL: at most 18 digits, so it always fits a 64-bit column.

    Django's `int` takes any number of digits, and a number past 2^63 then fails in the
    database instead of answering 404 like any other id that does not exist.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "rowid")
