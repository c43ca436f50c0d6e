import pytest

# The browser tests' Chromium (wangge/core/tests/browser.py), for the tests of every app.
from wangge.core.tests.browser import chromium  # noqa: F401


@pytest.fixture
def tree(db):
    """The small square region tree of regions/tests/factories.py, by code."""
    from wangge.regions.tests.factories import build_tree

    return build_tree()


@pytest.fixture(autouse=True)
def _fresh_locate_index():
    """Each test locates against its own cells, not an index left by an earlier test."""
    from wangge.regions.locate import reset_index

    reset_index()
    yield
    reset_index()
