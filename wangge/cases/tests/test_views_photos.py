"""Case photos are served through a view that checks the case's jurisdiction."""

import pytest
from django.test import Client

from wangge.cases.models import CaseAttachment
from wangge.cases.tests.conftest import png_base64

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(api, reported, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    number = reported(photos=[{"name": "before.png", "content": png_base64()}])
    return CaseAttachment.objects.get(case__number=number)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_api_links_photos_to_the_guarded_view(api, photo):
    body = api.community_desk.get(f"/cases/{photo.case.number}").json()
    assert [p["url"] for p in body["photos"]] == [f"/photos/{photo.pk}"]


def test_staff_of_the_area_get_the_photo_bytes(people, photo):
    response = _client(people.community_desk).get(f"/photos/{photo.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_reporter_gets_their_own_photo(people, photo):
    assert _client(people.resident).get(f"/photos/{photo.pk}").status_code == 200


def test_outsider_gets_404_for_a_photo_outside_their_area(people, photo):
    assert _client(people.outsider).get(f"/photos/{photo.pk}").status_code == 404


def test_anonymous_visitors_are_sent_to_login(photo):
    response = Client().get(f"/photos/{photo.pk}")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
