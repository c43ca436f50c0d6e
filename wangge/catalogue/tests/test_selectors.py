"""Reads of the catalogue: one category for intake, the tree for clients, default units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wangge.catalogue.exceptions import CategoryNotFound
from wangge.catalogue.models import Category, DefaultHandlingUnit
from wangge.catalogue.selectors import (
    catalogue_tree,
    category_default_unit,
    category_get_by_code,
)
from wangge.catalogue.tests.factories import AttributeFactory, MinorCategoryFactory

pytestmark = pytest.mark.django_db


def test_active_minor_category_is_found_with_its_attributes():
    category = category_get_by_code("C0101")
    assert category.name == "井盖缺失"
    assert [a.code for a in category.attributes.all()] == ["cover_type", "warning_set"]


@pytest.mark.parametrize(("code", "fragment"), [("NOPE", "NOPE"), ("C01", "C01")])
def test_unknown_or_major_code_is_refused_on_the_category_field(code, fragment):
    with pytest.raises(CategoryNotFound) as caught:
        category_get_by_code(code)
    assert fragment in caught.value.message_dict["category"][0]


def test_switched_off_category_or_major_is_refused():
    Category.objects.filter(code="C0101").update(is_active=False)
    with pytest.raises(CategoryNotFound):
        category_get_by_code("C0101")
    Category.objects.filter(code="C02").update(is_active=False)
    with pytest.raises(CategoryNotFound):
        category_get_by_code("C0201")


def test_tree_lists_majors_with_their_minor_categories_and_attributes():
    tree = catalogue_tree()
    assert [major["code"] for major in tree][:2] == ["C01", "C02"]
    first = tree[0]["children"][0]
    assert first["code"] == "C0101"
    assert first["limit"] == {
        "amount": 4,
        "unit": "hours",
        "label": first["limit"]["label"],
    }
    assert first["attributes"][0]["code"] == "cover_type"
    assert first["attributes"][0]["required"] is True
    assert (
        sum(len(major["children"]) for major in tree)
        == Category.objects.filter(parent__isnull=False).count()
    )


def test_tree_leaves_out_what_is_switched_off():
    Category.objects.filter(code="C0101").update(is_active=False)
    Category.objects.filter(code="C02").update(is_active=False)
    tree = catalogue_tree()
    codes = {c["code"] for major in tree for c in major["children"]}
    assert "C0101" not in codes and "C0201" not in codes
    assert "C02" not in [major["code"] for major in tree]


def test_tree_can_be_narrowed_to_one_kind():
    assert {major["kind"] for major in catalogue_tree(kind="campaign")} == {"campaign"}


def test_tree_costs_a_fixed_number_of_queries():
    MinorCategoryFactory.create_batch(5)
    AttributeFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        catalogue_tree()
    assert len(queries) == 4


def test_default_unit_is_the_stored_one_else_follows_the_responsibility():
    category = MinorCategoryFactory(
        responsibility="departmental",
        territorial_level="",
        department_kind="housing",
        department_level="district",
    )
    assert category_default_unit(category, "district") == "housing"
    assert category_default_unit(category, "community") == "territorial"
    DefaultHandlingUnit.objects.create(
        category=category, level="community", unit="housing"
    )
    assert category_default_unit(category, "community") == "housing"


def test_shipped_override_sends_occupied_road_trade_to_urban_management_at_district():
    category = Category.objects.get(code="E0501")
    assert category.is_territorial
    assert category_default_unit(category, "township") == "territorial"
    assert category_default_unit(category, "district") == "urban_management"
