import pytest


@pytest.fixture
def tree(db):
    """The small square region tree of regions/tests/factories.py, by code."""
    from wangge.regions.tests.factories import build_tree

    return build_tree()
