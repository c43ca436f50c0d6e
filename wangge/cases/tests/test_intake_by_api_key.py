"""A machine client's key files reports inside its region only."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wangge.access.api_keys import KeyScope, api_key_create, api_key_use
from wangge.cases.services.intake import Report, case_create
from wangge.cases.tests.conftest import CELL, DISTRICT, TERRITORIAL

pytestmark = pytest.mark.django_db

SIBLING_CELL = "410103001001001"


def report_at(cell) -> Report:
    return Report(
        category=TERRITORIAL,
        description="路灯不亮",
        lon=cell.centroid_lon,
        lat=cell.centroid_lat,
        channel="api",
    )


def test_a_key_reports_inside_its_region_only(tree):
    secret, key = api_key_create(name="hotline", region=tree[DISTRICT])
    request = RequestFactory().post("/api/v1/cases")
    api_key_use(request, secret, KeyScope.SUBMIT)
    actor = request.user

    inside = case_create(report=report_at(tree[CELL]), actor=actor).case
    with pytest.raises(ValidationError) as refused:
        case_create(report=report_at(tree[SIBLING_CELL]), actor=actor)

    assert inside.cell.code == CELL
    assert inside.reporter_user == key.user
    assert "lon" in refused.value.message_dict
