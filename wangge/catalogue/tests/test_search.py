"""Finding a category as one types, in the shipped catalogue."""

import pytest

from wangge.catalogue.models import Category
from wangge.catalogue.search import category_search

pytestmark = pytest.mark.django_db


def test_a_code_prefix_finds_the_minor_categories_under_it():
    hits = category_search("C01")
    assert hits
    assert all(hit.code.startswith("C01") for hit in hits)
    assert [h.code for h in hits] == sorted(h.code for h in hits)


def test_words_of_the_name_find_the_category():
    assert "C0101" in [hit.code for hit in category_search("井盖缺失")]


def test_major_categories_and_switched_off_ones_are_not_offered():
    Category.objects.filter(code="C0101").update(is_active=False)
    codes = [hit.code for hit in category_search("C01", limit=100)]
    assert "C0101" not in codes
    assert "C01" not in codes


def test_blank_text_finds_nothing_without_asking_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        assert category_search("   ") == []
