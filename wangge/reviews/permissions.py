"""Who may write what in reviews and campaigns; reads are scoped by `selectors`.

The city management office (市管办) runs special reviews and campaigns; a department
reports its own review tasks done and its improvement projects' progress; grid staff
inspect the cells of their jurisdiction in a running campaign.
"""

from __future__ import annotations

from typing import Any

from wangge.access.jurisdiction import jurisdiction_of
from wangge.people.roles import Role

# Who inspects cells in a campaign (排查): the grids and the territorial staff above them.
INSPECTOR_ROLES = frozenset(
    {
        Role.GRID_WORKER,
        Role.GRID_CHIEF,
        Role.COMMUNITY_SECRETARY,
        Role.FIRST_RESPONSIBLE,
        Role.DESK,
    }
)


def is_city_office(user: Any) -> bool:
    """Whether the user acts for the city management office (or is a superuser)."""
    j = jurisdiction_of(user)
    return j.is_global or Role.CITY_OFFICE in j.roles


def acts_for_department(user: Any, department_id: int | None) -> bool:
    """Whether the user handles the work of this department (or is the city office)."""
    if is_city_office(user):
        return True
    return (
        department_id is not None
        and department_id in jurisdiction_of(user).department_ids
    )


def may_inspect(user: Any, cell_path: str) -> bool:
    """Whether the user may record a campaign inspection of the cell at this path."""
    j = jurisdiction_of(user)
    if j.is_global:
        return True
    return bool(j.roles & INSPECTOR_ROLES) and j.covers(cell_path)
