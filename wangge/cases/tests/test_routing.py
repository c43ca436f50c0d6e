"""`route_for`: which unit a platform node dispatches a case to, by category, place and rules."""

import pytest

from wangge.cases.models import RoutingRule
from wangge.cases.routing import Route, route_for
from wangge.cases.tests.conftest import (
    CELL,
    CITY,
    COMMUNITY,
    DEPARTMENTAL,
    DISTRICT,
    SIBLING_DISTRICT,
    TERRITORIAL,
    TOWNSHIP,
)
from wangge.catalogue.choices import DepartmentKind
from wangge.catalogue.models import Category, DefaultHandlingUnit
from wangge.people.models import Department

TOWNSHIP_TERRITORIAL = "C0302"  # 垃圾收集容器损坏: the grid's township handles it
CITY_LEVEL_DEPARTMENTAL = "E0402"  # 燃气泄漏: emergency management of the city


def _route(tree, code: str, node: str) -> Route:
    return route_for(Category.objects.get(code=code), tree[CELL], tree[node])


@pytest.fixture
def emergency(tree):
    """Emergency management at the city only."""
    return Department.objects.create(
        code="zz-yjj",
        name="郑州市应急管理局",
        kind=DepartmentKind.EMERGENCY,
        region=tree[CITY],
    )


def test_a_community_sends_a_territorial_case_to_itself(tree, departments):
    assert _route(tree, TERRITORIAL, COMMUNITY) == Route(region=tree[COMMUNITY])


def test_a_community_sends_a_township_territorial_case_to_the_grids_township(
    tree, departments
):
    assert _route(tree, TOWNSHIP_TERRITORIAL, COMMUNITY) == Route(region=tree[TOWNSHIP])


def test_a_township_handles_a_community_case_escalated_to_it(tree, departments):
    assert _route(tree, TERRITORIAL, TOWNSHIP) == Route(region=tree[TOWNSHIP])


def test_a_district_sends_a_territorial_case_back_to_the_grids_community(
    tree, departments
):
    assert _route(tree, TERRITORIAL, DISTRICT) == Route(region=tree[COMMUNITY])


def test_nodes_without_departments_handle_a_departmental_case_territorially(
    tree, departments
):
    assert _route(tree, DEPARTMENTAL, COMMUNITY) == Route(region=tree[COMMUNITY])
    assert _route(tree, DEPARTMENTAL, TOWNSHIP) == Route(region=tree[TOWNSHIP])


def test_a_district_sends_a_departmental_case_to_its_own_department(tree, departments):
    assert _route(tree, DEPARTMENTAL, DISTRICT) == Route(
        department=departments.district
    )


def test_the_city_sends_a_departmental_case_to_the_citys_department(tree, departments):
    assert _route(tree, DEPARTMENTAL, CITY) == Route(department=departments.city)


def test_a_district_without_that_department_sends_it_to_the_citys(
    tree, departments, emergency
):
    assert _route(tree, CITY_LEVEL_DEPARTMENTAL, DISTRICT) == Route(
        department=emergency
    )


def test_a_department_of_another_district_is_never_chosen(tree, departments):
    Department.objects.create(
        code="erqi-yjj",
        name="二七区应急管理局",
        kind=DepartmentKind.EMERGENCY,
        region=tree[SIBLING_DISTRICT],
    )

    assert _route(tree, CITY_LEVEL_DEPARTMENTAL, DISTRICT) == Route()


def test_without_a_department_of_that_line_of_work_there_is_no_route(tree, departments):
    route = _route(tree, CITY_LEVEL_DEPARTMENTAL, CITY)

    assert not route
    assert str(route) == ""


def test_a_catalogue_row_for_the_level_overrides_the_derived_default(tree, departments):
    category = Category.objects.get(code=TERRITORIAL)
    DefaultHandlingUnit.objects.update_or_create(
        category=category,
        level="district",
        defaults={"unit": DepartmentKind.URBAN_MANAGEMENT},
    )

    assert _route(tree, TERRITORIAL, DISTRICT) == Route(department=departments.district)
    assert _route(tree, TERRITORIAL, COMMUNITY) == Route(region=tree[COMMUNITY])


def test_a_routing_rule_for_the_area_overrides_the_catalogue(tree, departments):
    RoutingRule.objects.create(
        region=tree[TOWNSHIP],
        category=Category.objects.get(code=TERRITORIAL),
        department_kind=DepartmentKind.URBAN_MANAGEMENT,
        department_level="district",
    )

    assert _route(tree, TERRITORIAL, COMMUNITY) == Route(
        department=departments.district
    )


def test_a_rule_outside_the_cases_area_does_not_apply(tree, departments):
    RoutingRule.objects.create(
        region=tree[SIBLING_DISTRICT],
        category=None,
        department_kind=DepartmentKind.URBAN_MANAGEMENT,
        department_level="district",
    )

    assert _route(tree, TERRITORIAL, COMMUNITY) == Route(region=tree[COMMUNITY])


def test_the_deeper_rule_wins_and_a_categorys_rule_beats_one_for_all(tree, departments):
    category = Category.objects.get(code=TERRITORIAL)
    # The district wants urban management for everything…
    RoutingRule.objects.create(
        region=tree[DISTRICT],
        category=category,
        department_kind=DepartmentKind.URBAN_MANAGEMENT,
        department_level="city",
    )
    # …the township has its own say for every category…
    RoutingRule.objects.create(
        region=tree[TOWNSHIP], category=None, territorial_level="township"
    )
    assert _route(tree, TERRITORIAL, COMMUNITY) == Route(region=tree[TOWNSHIP])

    # …and a township rule for this very category beats its rule for all.
    RoutingRule.objects.create(
        region=tree[TOWNSHIP],
        category=category,
        department_kind=DepartmentKind.URBAN_MANAGEMENT,
        department_level="city",
    )
    assert _route(tree, TERRITORIAL, COMMUNITY) == Route(department=departments.city)


def test_a_route_reads_as_the_units_name(tree, departments):
    assert str(Route(department=departments.city)) == "郑州市城市管理局"
    assert str(Route(region=tree[COMMUNITY])) == tree[COMMUNITY].name
