"""The refusals of the GeoReport face, each answered as the spec's list of errors."""

from __future__ import annotations


class Open311Error(Exception):
    """A request refused with `status` (400, 403, 404, 429) and one or more descriptions.

    Each description names the parameter at fault in the request's language; the
    GeoReport `code` of an error is its HTTP status, as the spec's examples give it.
    """

    def __init__(
        self, status: int, *descriptions: str, retry_after: int | None = None
    ) -> None:
        self.status = status
        self.descriptions = list(descriptions)
        self.retry_after = retry_after
        super().__init__("; ".join(self.descriptions))

    def as_list(self) -> list[tuple[int, str]]:
        return [(self.status, text) for text in self.descriptions]


def bad_parameter(*descriptions: str) -> Open311Error:
    return Open311Error(400, *descriptions)


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)
