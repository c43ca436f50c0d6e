"""The standing city, departments and people of the case tests, reused for assessment."""

from wangge.cases.tests.conftest import (  # noqa: F401 (fixtures)
    api,
    departments,
    monday_morning,
    people,
)
