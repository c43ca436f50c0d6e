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


def test_an_api_client_downloads_the_photo_with_its_token(api, photo):
    body = api.community_desk.get(f"/cases/{photo.case.number}").json()
    path = f"/cases/{photo.case_id}/photos/{photo.pk}"
    assert [p["download"] for p in body["photos"]] == [f"/api/v1{path}"]
    response = api.community_desk.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    by_number = api.community_desk.get(f"/cases/{photo.case.number}/photos/{photo.pk}")
    assert by_number.status_code == 200


def test_through_the_api_a_photo_is_404_outside_the_area_or_under_another_case(
    api, photo, reported
):
    path = f"/cases/{photo.case_id}/photos/{photo.pk}"
    assert api.outsider.get(path).status_code == 404
    other = reported()
    assert (
        api.community_desk.get(f"/cases/{other}/photos/{photo.pk}").status_code == 404
    )


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


def test_a_photo_whose_file_is_gone_answers_404(people, photo):
    photo.file.storage.delete(photo.file.name)
    assert _client(people.community_desk).get(f"/photos/{photo.pk}").status_code == 404


def test_behind_nginx_the_checked_photo_is_handed_to_the_internal_location(
    people, photo, settings
):
    settings.WANGGE_X_ACCEL_REDIRECT = "/protected-media/"
    response = _client(people.community_desk).get(f"/photos/{photo.pk}")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.file.name}"
    assert response["Content-Type"] == "image/png"
    assert response.content == b""


def test_behind_nginx_an_outsider_is_not_handed_the_file(people, photo, settings):
    settings.WANGGE_X_ACCEL_REDIRECT = "/protected-media/"
    response = _client(people.outsider).get(f"/photos/{photo.pk}")
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_a_json_photo_name_with_folders_never_reaches_the_stored_path(
    api, reported, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    number = reported(photos=[{"name": "/etc/cron.d/x.php", "content": png_base64()}])
    photo = CaseAttachment.objects.get(case__number=number)
    assert "etc" not in photo.file.name and "cron" not in photo.file.name
    assert photo.file.name.startswith(f"cases/{number[:8]}/{number}/before-")
    assert photo.file.name.endswith(".png")
    assert photo.original_name == "x.php"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases"]
    body = api.community_desk.get(f"/cases/{number}").json()
    assert body["photos"][0]["name"] == "x.php"


def test_a_stored_photo_is_named_by_its_detected_type_not_the_clients_extension(
    api, reported, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    number = reported(photos=[{"name": "shell.html", "content": png_base64()}])
    photo = CaseAttachment.objects.get(case__number=number)
    assert photo.file.name.endswith(".png")
    assert photo.content_type == "image/png"
