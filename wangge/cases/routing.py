"""Classified handling (分类处置): which unit a platform node dispatches a case to by default.

Territorial categories (属地) go to the grid's community or township; departmental ones
(谁主管谁负责) to the department of that line of work at the right level. A routing rule
for a region's subtree overrides the catalogue; the desk may always choose another unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from wangge.cases.models import RoutingRule
from wangge.catalogue.choices import UNIT_TERRITORIAL
from wangge.catalogue.models import Category
from wangge.catalogue.selectors import category_default_unit
from wangge.people.models import Department
from wangge.regions.levels import Level, depth
from wangge.regions.models import Region

# The territorial units a desk may dispatch to: a community, a township, or a grid cell
# whose grid chief handles the case with the grid workers' help.
TERRITORIAL_UNIT_LEVELS = (Level.TOWNSHIP, Level.COMMUNITY, Level.CELL)


@dataclass(frozen=True)
class Route:
    """A handling unit: a department, or a community, township or cell handling territorially."""

    department: Department | None = None
    region: Region | None = None

    def __bool__(self) -> bool:
        return self.department is not None or self.region is not None

    def __str__(self) -> str:
        unit = self.department or self.region
        return str(unit.name) if unit else ""


def _ancestors(cell: Region) -> dict[str, Region]:
    regions = Region.objects.filter(code__in=cell.ancestor_codes).only(
        "id", "code", "name", "level", "path"
    )
    return {r.level: r for r in regions}


def _rule_for(category: Category, codes: list[str]) -> RoutingRule | None:
    rules = (
        RoutingRule.objects.filter(region__code__in=codes)
        .filter(Q(category=category) | Q(category__isnull=True))
        .select_related("region")
    )
    return max(
        rules,
        key=lambda r: (len(r.region.path), r.category_id is not None),
        default=None,
    )


def _territorial(level: str, node: Region, ancestors: dict[str, Region]) -> Route:
    # A case escalated above its territorial unit is handled by the node that now owns it.
    if depth(node.level) < depth(level) and node.level in (
        Level.COMMUNITY,
        Level.TOWNSHIP,
    ):
        return Route(region=node)
    return Route(region=ancestors.get(level) or node)


def _department(
    kind: str, level: str, node: Region, ancestors: dict[str, Region]
) -> Route:
    # A node at district or city level dispatches to its own departments.
    if node.level in (Level.CITY, Level.DISTRICT):
        seat = node
    else:
        seat = ancestors.get(level or Level.DISTRICT) or ancestors[Level.CITY]
    for region in (seat, ancestors.get(Level.CITY)):
        department = (
            Department.objects.filter(region=region, kind=kind).first()
            if region
            else None
        )
        if department:
            return Route(department=department)
    return Route()


def route_for(category: Category, cell: Region, node: Region) -> Route:
    """The unit `node` dispatches a case of `category` in `cell` to, unless the desk chooses."""
    ancestors = _ancestors(cell)
    rule = _rule_for(category, cell.ancestor_codes)
    if rule is not None:
        if rule.territorial_level:
            return _territorial(rule.territorial_level, node, ancestors)
        return _department(rule.department_kind, rule.department_level, node, ancestors)
    unit = category_default_unit(category, node.level)
    if unit == UNIT_TERRITORIAL:
        return _territorial(
            category.territorial_level or Level.COMMUNITY, node, ancestors
        )
    return _department(unit, category.department_level, node, ancestors)
