"""The database refuses a catalogue row that breaks the catalogue's rules."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from wangge.catalogue.models import Attribute, Category, DefaultHandlingUnit
from wangge.catalogue.tests.factories import MajorCategoryFactory, MinorCategoryFactory

pytestmark = pytest.mark.django_db


def refused(**changes) -> bool:
    """Whether saving a minor category with these changes raises IntegrityError."""
    category = MinorCategoryFactory()
    for name, value in changes.items():
        setattr(category, name, value)
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "changes",
    [
        {"limit_amount": 0},
        {"limit_amount": None, "limit_unit": ""},
        {"limit_unit": ""},
        {"urgent_limit_amount": 2, "urgent_limit_unit": "days"},
        {"urgent_limit_amount": 0, "urgent_limit_unit": "days"},
        {"urgent_limit_amount": 3},
        {"responsibility": ""},
        {"territorial_level": ""},
        {"department_kind": "housing"},
        {"responsibility": "departmental"},
        {"kind": "rumour"},
    ],
)
def test_database_refuses_an_inconsistent_minor_category(changes):
    assert refused(**changes)


def test_urgent_limit_in_hours_under_a_limit_in_days_is_allowed():
    assert not refused(urgent_limit_amount=4, urgent_limit_unit="hours")


def test_urgent_limit_above_the_normal_one_is_refused():
    assert refused(
        limit_amount=4,
        limit_unit="hours",
        urgent_limit_amount=5,
        urgent_limit_unit="hours",
    )
    assert refused(
        limit_amount=4,
        limit_unit="hours",
        urgent_limit_amount=1,
        urgent_limit_unit="days",
    )


def test_departmental_category_needs_line_of_work_and_level():
    assert not refused(
        responsibility="departmental",
        territorial_level="",
        department_kind="housing",
        department_level="district",
    )
    assert refused(
        responsibility="departmental",
        territorial_level="",
        department_kind="housing",
        department_level="township",
    )


def test_major_category_carries_no_time_limit():
    major = MajorCategoryFactory()
    major.limit_amount, major.limit_unit = 1, "days"
    with pytest.raises(IntegrityError), transaction.atomic():
        major.save()


def test_one_default_unit_per_level():
    category = MinorCategoryFactory()
    DefaultHandlingUnit.objects.create(category=category, level="city", unit="housing")
    with pytest.raises(IntegrityError), transaction.atomic():
        DefaultHandlingUnit.objects.create(
            category=category, level="city", unit="water"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        DefaultHandlingUnit.objects.create(
            category=category, level="cell", unit="water"
        )


def test_form_validation_explains_the_broken_rule():
    category = MinorCategoryFactory.build(
        parent=MajorCategoryFactory(), urgent_limit_amount=5, urgent_limit_unit="days"
    )
    with pytest.raises(ValidationError) as caught:
        category.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        gettext("The urgent time limit may not exceed the normal one.")
    ]


def test_minor_category_must_hang_under_a_major_one_of_its_kind():
    minor = MinorCategoryFactory()
    nested = MinorCategoryFactory.build(parent=minor, kind=minor.kind)
    with pytest.raises(ValidationError) as caught:
        nested.full_clean()
    assert "parent" in caught.value.message_dict
    other_kind = MinorCategoryFactory.build(parent=minor.parent, kind="component")
    with pytest.raises(ValidationError) as caught:
        other_kind.full_clean()
    assert "kind" in caught.value.message_dict


def test_choice_attribute_needs_its_choices():
    attribute = Attribute(
        category=MinorCategoryFactory(), code="x", label="X", type="choice"
    )
    with pytest.raises(ValidationError) as caught:
        attribute.full_clean()
    assert "choices" in caught.value.message_dict


def test_codes_are_unique():
    MajorCategoryFactory(code="Q01")
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(code="Q01", kind="event", name="又一个")
