"""Fixtures of the case page tests: the standing city of `cases/tests/conftest.py`, reused as it is.

`people` holds one person per post along the chain from grid cell 410102001001001 up to
the city, plus an outsider (the desk of district 410103) and a resident; asking for it
also moves the clock to a working Monday morning in Zhengzhou.
"""

from wangge.cases.tests.conftest import departments, monday_morning, people  # noqa: F401
