"""What a point is: its cell, community, grid chief (for readers of its area) and address."""

import pytest

from wangge.access.places import place_context
from wangge.people.roles import Role
from wangge.people.tests.factories import staff
from wangge.regions.locate import OutsideGrid

pytestmark = pytest.mark.django_db

CELL = "410102001001001"


@pytest.fixture
def chief(tree):
    person = staff("chief", Role.GRID_CHIEF, tree[CELL])
    person.display_name = "李网格长"
    person.phone = "13800001111"
    person.save()
    return person


def test_a_point_gives_its_cell_community_chief_and_address(tree, chief):
    desk = staff("desk", Role.DESK, tree[CELL[:12]])
    cell = tree[CELL]
    place = place_context(desk, cell.centroid_lon, cell.centroid_lat)
    assert place.cell.code == CELL
    assert place.community.code == CELL[:12]
    assert [person.name for person in place.chiefs] == ["李网格长"]
    assert place.address.endswith(cell.name)
    assert place.address.startswith(tree[CELL[:6]].name)


def test_a_reader_from_elsewhere_learns_the_place_but_not_who(tree, chief):
    outsider = staff("outsider", Role.DESK, tree["410103"])
    cell = tree[CELL]
    place = place_context(outsider, cell.centroid_lon, cell.centroid_lat)
    assert place.cell.code == CELL
    assert place.chiefs == []


def test_a_point_outside_every_cell_raises(tree, chief):
    with pytest.raises(OutsideGrid):
        place_context(chief, 100.0, 20.0)
