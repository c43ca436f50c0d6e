"""Helpers of the tests of work figures, bulk actions, exports and sheets: cases filed and
moved through the services in the standing city of `conftest.py`."""

from __future__ import annotations

from wangge.cases import services
from wangge.cases.models import Case
from wangge.cases.tests.conftest import CELL, TERRITORIAL

PHONE = "13812345678"


def file_case(tree, actor=None, **overrides) -> Case:
    """A report taken in through `case_create` at the centre of the standing cell."""
    cell = tree[CELL]
    fields = {
        "category": TERRITORIAL,
        "description": "楼道里堆满杂物，堵住了消防通道",
        "lon": cell.centroid_lon,
        "lat": cell.centroid_lat,
        "channel": "resident",
        "address": "经八路12号院3号楼",
        "reporter_name": "王女士",
        "reporter_phone": PHONE,
    }
    fields.update(overrides)
    return services.case_create(report=services.Report(**fields), actor=actor).case


def act(case: Case, action: str, actor, note: str = "", **params) -> Case:
    return services.case_transition(
        case=case, action=action, actor=actor, note=note, params=params
    )


def registered(tree, people) -> Case:
    return act(file_case(tree, people.resident), "register", people.community_desk)


def dispatched(tree, people) -> Case:
    return act(registered(tree, people), "dispatch", people.community_desk)
