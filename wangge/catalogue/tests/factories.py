"""Catalogue rows for tests: a major event category with minor ones of every responsibility."""

import factory

from wangge.catalogue.choices import Kind, LimitUnit, Responsibility
from wangge.catalogue.models import Attribute, Category


class MajorCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"X{n:02d}")
    kind = Kind.EVENT
    name = factory.Sequence(lambda n: f"测试大类{n}")


class MinorCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    parent = factory.SubFactory(MajorCategoryFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}{n:02d}")
    kind = factory.SelfAttribute("parent.kind")
    name = factory.Sequence(lambda n: f"测试小类{n}")
    limit_amount = 1
    limit_unit = LimitUnit.DAYS
    responsibility = Responsibility.TERRITORIAL
    territorial_level = "community"


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute

    category = factory.SubFactory(MinorCategoryFactory)
    code = factory.Sequence(lambda n: f"attr{n}")
    label = factory.Sequence(lambda n: f"问题{n}")
