"""Saved case-list filters: each person saves, replaces and deletes their own only."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wangge.cases.models import SavedFilter
from wangge.cases.saved_filters import (
    MAX_SAVED,
    saved_filter_delete,
    saved_filter_list,
    saved_filter_save,
)

pytestmark = pytest.mark.django_db


def test_a_filter_keeps_the_query_without_the_lists_cursor(people):
    saved = saved_filter_save(
        owner=people.community_desk,
        name=" 红灯 ",
        query="light=red&cursor=abc&open=open",
    )
    assert (saved.name, saved.query) == ("红灯", "light=red&open=open")


def test_the_same_name_again_replaces_the_filter(people):
    first = saved_filter_save(owner=people.community_desk, name="红灯", query="a=1")
    again = saved_filter_save(owner=people.community_desk, name="红灯", query="a=2")
    assert again.pk == first.pk
    assert list(saved_filter_list(people.community_desk)) == [again]
    assert again.query == "a=2"


def test_a_filter_needs_a_name(people):
    with pytest.raises(ValidationError) as refused:
        saved_filter_save(owner=people.community_desk, name="  ", query="a=1")
    assert "name" in refused.value.message_dict


def test_a_person_keeps_at_most_the_cap_of_filters(people):
    SavedFilter.objects.bulk_create(
        SavedFilter(owner=people.community_desk, name=f"f{i}") for i in range(MAX_SAVED)
    )
    with pytest.raises(ValidationError):
        saved_filter_save(owner=people.community_desk, name="one more", query="")


def test_someone_elses_filter_is_not_listed_and_not_deleted(people):
    saved = saved_filter_save(owner=people.community_desk, name="红灯", query="a=1")
    assert not saved_filter_list(people.outsider).exists()
    with pytest.raises(Http404):
        saved_filter_delete(owner=people.outsider, pk=saved.pk)
    saved_filter_delete(owner=people.community_desk, pk=saved.pk)
    assert not SavedFilter.objects.exists()
