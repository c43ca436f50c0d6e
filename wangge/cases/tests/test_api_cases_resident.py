"""Residents follow and rate their own reports; they see no one else's."""

import pytest

from wangge.cases.models import Case

pytestmark = pytest.mark.django_db


def test_resident_reads_their_own_case(api, reported):
    number = reported()
    response = api.resident.get(f"/cases/{number}")
    assert response.status_code == 200
    assert response.json()["number"] == number


def test_resident_lists_only_their_own_cases(api, reported):
    own = reported()
    reported(client=api.worker, channel="patrol")
    listed = [c["number"] for c in api.resident.get("/cases").json()["items"]]
    assert listed == [own]
    assert Case.objects.count() == 2


def test_resident_gets_404_for_someone_elses_case(api, reported):
    other = reported(client=api.worker, channel="patrol")
    assert api.resident.get(f"/cases/{other}").status_code == 404


def test_a_body_larger_than_the_limit_is_refused_naming_photos(
    api, report_body, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = report_body(description="x" * 4096)
    response = api.resident.post("/cases", body)
    assert response.status_code == 413
    assert "photos" in response.json()["errors"]
    assert Case.objects.count() == 0
