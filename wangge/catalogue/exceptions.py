"""Errors the catalogue raises to its callers; both are `ValidationError`s, so the API answers 400."""

from django.core.exceptions import ValidationError

from wangge.catalogue.records import RowError


class CategoryNotFound(ValidationError):
    """The code names no active minor category: a case cannot be filed under it."""

    def __init__(self, message: str):
        super().__init__({"category": [message]})


class CatalogueImportError(ValidationError):
    """A catalogue file that cannot be written: every bad row with its code and reason."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = list(row_errors)
        super().__init__({"file": [str(error) for error in self.row_errors]})
