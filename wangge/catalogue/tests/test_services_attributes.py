"""`category_validate_attributes`: what case intake calls on a report's answers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wangge.catalogue.services import category_validate_attributes
from wangge.catalogue.tests.factories import AttributeFactory, MinorCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    """A minor category asking one question of every type; two of them required."""
    category = MinorCategoryFactory(code="X0101")
    for code, label, type_, required, choices in [
        ("cover_type", "井盖类型", "choice", True, ["污水井盖", "雨水井盖"]),
        ("stalls", "摊位数", "integer", True, []),
        ("area", "面积", "number", False, []),
        ("night", "夜间", "boolean", False, []),
        ("since", "发现日期", "date", False, []),
        ("note", "备注", "text", False, []),
    ]:
        AttributeFactory(
            category=category,
            code=code,
            label=label,
            type=type_,
            required=required,
            choices=choices,
        )
    return category


def errors_of(category, values) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        category_validate_attributes(category, values)
    return caught.value.message_dict


def test_good_answers_come_back_typed(category):
    cleaned = category_validate_attributes(
        category,
        {
            "cover_type": " 污水井盖 ",
            "stalls": "3",
            "area": "2.5",
            "night": "否",
            "since": "2024-05-01",
            "note": "  东门口  ",
        },
    )
    assert cleaned == {
        "cover_type": "污水井盖",
        "stalls": 3,
        "area": 2.5,
        "night": False,
        "since": datetime.date(2024, 5, 1),
        "note": "东门口",
    }


def test_optional_answers_may_be_left_out(category):
    assert category_validate_attributes(
        category, {"cover_type": "雨水井盖", "stalls": 0}
    ) == {
        "cover_type": "雨水井盖",
        "stalls": 0,
    }


def test_each_missing_required_attribute_is_named(category):
    errors = errors_of(category, {"note": "x"})
    assert set(errors) == {"cover_type", "stalls"}
    assert "井盖类型" in errors["cover_type"][0]


def test_blank_text_counts_as_missing(category):
    assert set(errors_of(category, {"cover_type": "  ", "stalls": 1})) == {"cover_type"}


def test_unknown_code_is_named(category):
    errors = errors_of(
        category, {"cover_type": "污水井盖", "stalls": 1, "colour": "red"}
    )
    assert list(errors) == ["colour"]
    assert "X0101" in errors["colour"][0]


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("stalls", "three"),
        ("stalls", 2.5),
        ("stalls", True),
        ("area", "wide"),
        ("area", float("nan")),
        ("night", "perhaps"),
        ("since", "01/05/2024"),
        ("note", ["a", "list"]),
    ],
)
def test_wrong_type_is_named(category, code, value):
    values = {"cover_type": "污水井盖", "stalls": 1, code: value}
    assert list(errors_of(category, values)) == [code]


def test_value_outside_the_choices_is_named_with_the_choices(category):
    errors = errors_of(category, {"cover_type": "金井盖", "stalls": 1})
    assert "污水井盖" in errors["cover_type"][0]


def test_every_fault_is_reported_at_once(category):
    errors = errors_of(category, {"stalls": "x", "area": "y", "colour": 1})
    assert set(errors) == {"cover_type", "stalls", "area", "colour"}


def test_answers_must_be_an_object(category):
    assert list(errors_of(category, ["污水井盖"])) == ["attributes"]


def test_category_without_questions_accepts_nothing_or_an_empty_object():
    category = MinorCategoryFactory()
    assert category_validate_attributes(category, None) == {}
    assert list(errors_of(category, {"x": 1})) == ["x"]


def test_message_names_the_attribute_by_its_label_in_a_sentence(category):
    with translation.override("en"):
        english = errors_of(category, {"stalls": 1})["cover_type"][0]
    assert english == "井盖类型 is required."
