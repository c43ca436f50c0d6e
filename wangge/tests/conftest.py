"""The standing people of the case tests, for the tests that span the whole project."""

from wangge.cases.tests.conftest import (  # noqa: F401 (fixtures)
    departments,
    monday_morning,
    people,
)
