"""Who hears about a case: the staff of a region in given roles, or of a department.

Each function gives user ids, which is all an inbox item needs (`notify_staff`); one query
on posts, with no ordering and no user rows to build, since every transition asks.
"""

from collections.abc import Iterable

from django.db.models import Q

from wangge.people.models import Post
from wangge.people.roles import Role


def _holders(posts) -> list[int]:
    return list(
        posts.filter(user__is_active=True)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def staff_of(regions: Iterable, roles: Iterable[str]) -> list[int]:
    """Ids of the people holding one of `roles` in force at one of `regions`."""
    region_ids = [r.pk for r in regions if r is not None]
    return _holders(
        Post.objects.active().filter(region_id__in=region_ids, role__in=list(roles))
    )


def department_staff(department) -> list[int]:
    """Ids of the handlers of a department."""
    return _holders(
        Post.objects.active().filter(
            department=department, role=Role.DEPARTMENT_HANDLER
        )
    )


def unit_staff(*, department=None, region=None) -> list[int]:
    """The people who take work for a unit: a department's handlers, or a territorial unit's
    heads (its secretary or first responsible person and desk, or a cell's grid chief)."""
    if department is not None:
        return department_staff(department)
    if region is not None:
        return staff_of(
            [region],
            [
                Role.COMMUNITY_SECRETARY,
                Role.FIRST_RESPONSIBLE,
                Role.DESK,
                Role.GRID_CHIEF,
            ],
        )
    return []


def handling_unit_staff(case) -> list[int]:
    """The people who take a dispatch: the staff of the case's handling unit (the lead)."""
    return unit_staff(department=case.handler_department, region=case.handler_region)


def grid_chiefs(cell) -> list[int]:
    """The grid chiefs of a cell: they take a case dispatched to it."""
    return staff_of([cell], [Role.GRID_CHIEF])


def grid_staff(case) -> list[int]:
    """The grid workers and grid chief of the case's cell."""
    return staff_of([case.cell], [Role.GRID_WORKER, Role.GRID_CHIEF])


def desk_staff(node) -> list[int]:
    """The desk of a platform node."""
    return staff_of([node], [Role.DESK])


def new_case_staff(cell, node, *, besides=None) -> list[int]:
    """Who hears of a new case at `cell`, owned by `node`: the cell's grid, and the
    secretary when the node is the cell's community; never the reporter themself.

    The desk of the node gets no item: its queue of new cases is its work list (the
    cases at its node waiting for registration), a query rather than a row per person.
    """
    besides_id = getattr(besides, "pk", None)
    people = _holders(
        Post.objects.active().filter(
            Q(region_id=cell.pk, role__in=[Role.GRID_WORKER, Role.GRID_CHIEF])
            | Q(region_id=node.pk, role=Role.COMMUNITY_SECRETARY)
        )
    )
    return [pk for pk in people if pk != besides_id]
