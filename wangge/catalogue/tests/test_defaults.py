"""The shipped catalogue: loaded by the data migration, complete, and loadable again."""

import pytest

from wangge.catalogue.choices import Kind, Source
from wangge.catalogue.models import Category
from wangge.catalogue.services import catalogue_load_defaults, catalogue_unload_defaults
from wangge.catalogue.tests.factories import MajorCategoryFactory, MinorCategoryFactory

pytestmark = pytest.mark.django_db

COMPONENT_CLASSES = [
    "公用设施",
    "道路交通",
    "市容环境",
    "园林绿化",
    "房屋土地",
    "其他设施",
]
EVENT_CLASSES = ["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "其他"]
CAMPAIGN_AREAS = [
    "非法生产",
    "非法经营",
    "非法建设",
    "安全生产",
    "信访稳定",
    "基层组织",
    "公共管理",
]


def majors(kind: str) -> list[str]:
    return list(
        Category.objects.filter(kind=kind, parent__isnull=True).values_list(
            "name", flat=True
        )
    )


def minors(kind: str):
    return Category.objects.filter(kind=kind, parent__isnull=False)


def test_national_component_and_event_classes_are_loaded_in_order():
    assert majors(Kind.COMPONENT) == COMPONENT_CLASSES
    assert majors(Kind.EVENT) == EVENT_CLASSES


def test_every_national_class_has_typical_minor_categories():
    for major in Category.objects.filter(
        kind__in=[Kind.COMPONENT, Kind.EVENT], parent=None
    ):
        assert major.children.count() >= 3, major
    assert minors(Kind.COMPONENT).count() == 26
    assert minors(Kind.EVENT).count() == 36


def test_campaign_has_twenty_problem_types_in_the_seven_areas_of_the_article():
    assert majors(Kind.CAMPAIGN) == CAMPAIGN_AREAS
    assert minors(Kind.CAMPAIGN).count() == 20
    assert set(
        Category.objects.filter(kind=Kind.CAMPAIGN, parent=None).values_list(
            "source", flat=True
        )
    ) == {Source.ARTICLE}


def test_thirteen_city_improvement_tasks_are_present():
    assert majors(Kind.IMPROVEMENT) == ["城市提升"]
    assert minors(Kind.IMPROVEMENT).count() == 13


def test_types_the_article_does_not_name_are_marked_assumed():
    silent = minors(Kind.CAMPAIGN) | minors(Kind.IMPROVEMENT)
    assert set(silent.values_list("source", flat=True)) == {Source.ASSUMED}


def test_every_minor_category_has_a_limit_a_responsibility_and_conditions():
    for category in Category.objects.filter(parent__isnull=False):
        assert category.handling_limit is not None, category
        assert category.responsibility, category
        assert category.registration_conditions and category.closing_conditions, (
            category
        )
        assert category.default_units.count() == 4, category


@pytest.mark.parametrize(
    ("name", "limit", "urgent"),
    [
        ("井盖缺失", (4, "hours"), (2, "hours")),
        ("暴露垃圾", (1, "days"), None),
        ("违法建设", (10, "days"), (1, "days")),
    ],
)
def test_typical_limits_are_realistic(name, limit, urgent):
    category = Category.objects.get(name=name, parent__isnull=False)
    assert (category.limit_amount, category.limit_unit) == limit
    current = category.urgent_limit
    assert (current and (current.amount, current.unit)) == urgent


def test_required_attributes_ship_where_intake_needs_them():
    cover = Category.objects.get(name="井盖缺失").attributes.get(code="cover_type")
    assert cover.type == "choice" and cover.required and "污水井盖" in cover.choices
    stalls = Category.objects.get(name="占道经营").attributes.get(code="stall_count")
    assert stalls.type == "integer"


def test_loading_the_defaults_again_duplicates_nothing():
    before = Category.objects.count()
    result = catalogue_load_defaults()
    assert result.created == ()
    assert len(result.updated) == before
    assert Category.objects.count() == before


def test_loading_the_defaults_restores_an_edited_default():
    Category.objects.filter(code="C0101").update(name="改过的名字")
    catalogue_load_defaults()
    assert Category.objects.get(code="C0101").name == "井盖缺失"


def test_unloading_the_defaults_keeps_local_categories():
    # given a local minor category under a shipped major one, and a local major one
    local_major = MajorCategoryFactory(code="L01")
    under_shipped = MinorCategoryFactory(
        code="E0199", parent=Category.objects.get(code="E01")
    )
    # when the data migration is reversed
    catalogue_unload_defaults()
    # then only what was added locally (and the major it hangs under) is left
    assert set(Category.objects.values_list("code", flat=True)) == {
        local_major.code,
        under_shipped.code,
        "E01",
    }
