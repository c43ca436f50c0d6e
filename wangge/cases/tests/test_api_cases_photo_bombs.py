"""A decompression-bomb image (a tiny PNG declaring 100000×100000 pixels) is refused with a 4xx."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.cases.models import Case, CaseAttachment
from wangge.cases.tests.test_photos import _bomb_png

pytestmark = pytest.mark.django_db


def test_intake_refuses_a_decompression_bomb_naming_the_photos(
    api, report_body, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    bomb = base64.b64encode(_bomb_png()).decode()
    body = report_body(photos=[{"name": "bomb.png", "content": bomb}])

    response = api.resident.post("/cases", body)

    assert response.status_code == 400
    assert "photos" in response.json()["errors"]
    assert Case.objects.count() == 0


def test_photo_upload_refuses_a_decompression_bomb_naming_the_file(
    api, reported, act, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    number = reported()
    upload = SimpleUploadedFile("bomb.png", _bomb_png(), content_type="image/png")

    response = api.community_desk.upload(
        f"/cases/{number}/photos", {"stage": "before", "file": upload}
    )

    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert CaseAttachment.objects.count() == 0
