"""Reusable jurisdiction checks: every endpoint is tried by people inside and outside its area.

Two tools, for the `tree` fixture (city 410100 → districts 410102 and 410103 → …):

- `standing_users(tree)` gives the three standing people of every endpoint test: one
  in the grid (a grid worker of cell 410102001001001), one in a parent region (the desk
  of district 410102) and an outsider (a grid worker of the sibling district 410103).
  `assert_three_users(client, url_for, users, tree)` checks that the first two reach
  the URL and the outsider gets 404, the same as for something that does not exist.
- `level_matrix(tree)` gives one person per level in both sibling areas (and the city),
  with the region codes each must see; `expected_codes` answers for one person.

Usage from any app's tests::

    from wangge.access.tests.matrix import assert_three_users, standing_users

    def test_case_page_is_scoped(client, tree):
        case = CaseFactory(cell=tree[GRID_CELL])
        assert_three_users(client, lambda cell: case.get_absolute_url(), standing_users(tree), tree)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wangge.people.models import User
from wangge.people.roles import Role
from wangge.people.tests.factories import DepartmentFactory, staff
from wangge.regions.models import Region

GRID_CELL = "410102001001001"
PARENT_REGION = "410102"
OUTSIDER_CELL = "410103001001001"

# (level, role) of the person posted at each level of the matrix.
LEVEL_ROLES: tuple[tuple[str, str], ...] = (
    ("district", Role.DESK),
    ("township", Role.FIRST_RESPONSIBLE),
    ("community", Role.COMMUNITY_SECRETARY),
    ("cell", Role.GRID_WORKER),
)
# The first region of each level under each district of the tree.
SIBLING_AREAS: dict[str, dict[str, str]] = {
    district: {
        "district": district,
        "township": f"{district}001",
        "community": f"{district}001001",
        "cell": f"{district}001001001",
    }
    for district in ("410102", "410103")
}


@dataclass(frozen=True)
class StandingUsers:
    """The three people every scoped endpoint is tried with."""

    in_grid: User
    parent: User
    outsider: User


def standing_users(tree: dict[str, Region]) -> StandingUsers:
    """A grid worker of GRID_CELL, the desk of its district, and a grid worker next door."""
    return StandingUsers(
        in_grid=staff("in-grid", Role.GRID_WORKER, tree[GRID_CELL]),
        parent=staff("parent", Role.DESK, tree[PARENT_REGION]),
        outsider=staff("outsider", Role.GRID_WORKER, tree[OUTSIDER_CELL]),
    )


def assert_three_users(
    client,
    url_for: Callable[[Region], str],
    users: StandingUsers,
    tree: dict[str, Region],
    *,
    method: str = "get",
    data: dict | None = None,
    ok: Iterable[int] = (200,),
) -> dict[str, object]:
    """The grid user and the parent-region user get an `ok` status; the outsider gets 404.

    `url_for` receives the grid cell and returns the URL to try. Returns the responses by
    user ("in_grid", "parent", "outsider") for further assertions.
    """
    url = url_for(tree[GRID_CELL])
    allowed = tuple(ok)
    responses = {}
    for name in ("in_grid", "parent", "outsider"):
        client.force_login(getattr(users, name))
        call = getattr(client, method)
        responses[name] = call(url, data) if data is not None else call(url)
        client.logout()
    for name in ("in_grid", "parent"):
        status = responses[name].status_code
        assert status in allowed, f"{name} got {status} for {url}, expected {allowed}"
    outsider = responses["outsider"].status_code
    assert outsider == 404, f"the outsider got {outsider} for {url}, expected 404"
    return responses


@dataclass(frozen=True)
class MatrixPerson:
    """One person of the level matrix and the root of what they must see."""

    key: str
    user: User
    root: Region


def level_matrix(tree: dict[str, Region]) -> list[MatrixPerson]:
    """A city leader, then a person at each level in both sibling districts, and a department handler."""
    people = [
        MatrixPerson(
            "city", staff("m-city", Role.LEADER, tree["410100"]), tree["410100"]
        )
    ]
    for district, codes in SIBLING_AREAS.items():
        for level, role in LEVEL_ROLES:
            region = tree[codes[level]]
            user = staff(f"m-{level}-{district}", role, region)
            people.append(MatrixPerson(f"{level}:{district}", user, region))
    department = DepartmentFactory(region=tree["410103"], kind="urban_management")
    handler = staff(
        "m-handler-410103",
        Role.DEPARTMENT_HANDLER,
        tree["410103"],
        department=department,
    )
    people.append(MatrixPerson("department:410103", handler, tree["410103"]))
    return people


def expected_codes(person: MatrixPerson, tree: dict[str, Region]) -> set[str]:
    """The codes of the regions a matrix person must see: exactly their root's subtree."""
    return {code for code, region in tree.items() if region.is_within(person.root)}
