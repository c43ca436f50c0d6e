"""The standing city, departments and people of the case tests, reused for assessment,
and a month of cases in one community (`month.py`)."""

from wangge.assessment.tests.month import (  # noqa: F401
    determinations,
    november,
    office,
)
from wangge.cases.tests.conftest import (  # noqa: F401 (fixtures)
    api,
    departments,
    monday_morning,
    people,
)
