"""Region search: by name or code, inside the reader's area only."""

import pytest

from wangge.access.jurisdiction import region_search
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(tree):
    return staff("desk", Role.DESK, tree["410103"])


def test_search_by_code_prefix_finds_the_region_and_those_below_it(reader):
    codes = [r.code for r in region_search(reader, "410103002")]
    assert codes[0] == "410103002"
    assert all(code.startswith("410103002") for code in codes)
    assert len(codes) == 7


def test_search_by_name_stays_inside_the_area(reader):
    assert not region_search(reader, "郑州市-1").exists()


def test_an_empty_query_finds_nothing(reader):
    assert not region_search(reader, "  ").exists()
