"""Fixtures of the patrol tests: the standing city and people of `cases/tests/conftest.py`.

The grid worker of cell 410102001001001 patrols it; the outsider is a grid worker of a
cell in the sibling district.
"""

from datetime import timedelta

import pytest

from wangge.cases import services as case_services
from wangge.cases.tests.conftest import (  # noqa: F401
    CELL,
    TERRITORIAL,
    api,
    departments,
    monday_morning,
    people,
    png_bytes,
)
from wangge.core import clock
from wangge.people.roles import Role
from wangge.people.tests.factories import staff

OTHER_CELL = "410103001001001"


@pytest.fixture
def other_worker(people, tree):  # noqa: F811
    """A grid worker of a cell in the sibling district."""
    return staff("other_worker", Role.GRID_WORKER, tree[OTHER_CELL])


@pytest.fixture
def cell(tree):
    return tree[CELL]


def report(cell, **overrides) -> case_services.Report:
    """A problem found at the centre of `cell`."""
    fields = {
        "category": TERRITORIAL,
        "description": "路边垃圾桶满溢",
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
        "channel": "patrol",
        "address": "经八路12号",
    }
    fields.update(overrides)
    return case_services.Report(**fields)


def handled_case(cell, standing):
    """A case registered, dispatched to the community and handled: waiting for verification."""
    case = case_services.case_create(
        report=report(cell, channel="resident"), actor=standing.resident
    ).case
    for action, actor in (
        ("register", standing.community_desk),
        ("dispatch", standing.community_desk),
        ("accept", standing.secretary),
        ("handle", standing.secretary),
    ):
        case = case_services.case_transition(
            case=case, action=action, actor=actor, note="已清理"
        )
    return case


def minutes_ago(minutes: int) -> str:
    return (clock.now() - timedelta(minutes=minutes)).isoformat()
