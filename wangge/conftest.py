import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# The browser tests' Chromium (wangge/core/tests/browser.py), for the tests of every app.
from wangge.core.tests.browser import chromium  # noqa: F401

# The machine that runs the suite is shared: a slow example is load, not a failure. Each
# property still runs its examples and asserts on every one.
hypothesis_settings.register_profile(
    "wangge", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("wangge")


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
