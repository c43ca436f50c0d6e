"""Who hears about a case: the staff of a region in given roles, or of a department."""

from collections.abc import Iterable

from wangge.people.models import Post, User
from wangge.people.roles import Role


def staff_of(regions: Iterable, roles: Iterable[str]) -> list[User]:
    """People holding one of `roles` in force at one of `regions`."""
    region_ids = [r.pk for r in regions if r is not None]
    posts = Post.objects.active().filter(region_id__in=region_ids, role__in=list(roles))
    return list(User.objects.filter(pk__in=posts.values("user_id"), is_active=True))


def department_staff(department) -> list[User]:
    posts = Post.objects.active().filter(
        department=department, role=Role.DEPARTMENT_HANDLER
    )
    return list(User.objects.filter(pk__in=posts.values("user_id"), is_active=True))


def handling_unit_staff(case) -> list[User]:
    """The people who take a dispatch: the department's handlers or the territorial unit's heads."""
    if case.handler_department_id:
        return department_staff(case.handler_department)
    if case.handler_region_id:
        return staff_of(
            [case.handler_region],
            [Role.COMMUNITY_SECRETARY, Role.FIRST_RESPONSIBLE, Role.DESK],
        )
    return []


def grid_staff(case) -> list[User]:
    return staff_of([case.cell], [Role.GRID_WORKER, Role.GRID_CHIEF])


def desk_staff(node) -> list[User]:
    return staff_of([node], [Role.DESK])
