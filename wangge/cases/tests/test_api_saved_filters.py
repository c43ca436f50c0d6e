"""REST for saved case-list filters: the caller's own, and someone else's is a 404."""

import pytest

from wangge.cases.models import SavedFilter

pytestmark = pytest.mark.django_db
FILTERS = "/cases/filters"


def test_a_person_saves_lists_and_deletes_their_own_filter(api, people):
    created = api.community_desk.post(FILTERS, {"name": "红灯", "query": "light=red"})

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["query"]) == ("红灯", "light=red")
    listed = api.community_desk.get(FILTERS).json()
    assert listed["count"] == 1
    assert [f["id"] for f in listed["items"]] == [body["id"]]
    deleted = api.community_desk.client.delete(
        f"/api/v1{FILTERS}/{body['id']}", headers=api.community_desk.headers
    )
    assert deleted.status_code == 204
    assert not SavedFilter.objects.exists()


def test_a_filter_without_a_name_answers_400_naming_it(api, people):
    answer = api.community_desk.post(FILTERS, {"name": " ", "query": "light=red"})
    assert answer.status_code == 400
    assert "name" in answer.json()["errors"]


def test_someone_elses_filter_is_not_listed_and_its_delete_answers_404(api, people):
    saved = SavedFilter.objects.create(owner=people.community_desk, name="红灯")

    listed = api.outsider.get(FILTERS).json()
    deleted = api.outsider.client.delete(
        f"/api/v1{FILTERS}/{saved.pk}", headers=api.outsider.headers
    )

    assert listed == {"count": 0, "items": []}
    assert deleted.status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
