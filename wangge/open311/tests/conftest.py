"""The city of `cases.tests.conftest`, its standing people, and the keys of GeoReport clients.

`georeport.city` submits and reads anywhere in the city; `georeport.district` only in
district 410102; `georeport.reader` and `georeport.submitter` hold one scope each.
"""

from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from wangge.access.api_keys import KeyScope, api_key_create, api_key_revoke
from wangge.cases.tests.conftest import (  # noqa: F401  (fixtures)
    CELL,
    CITY,
    DISTRICT,
    SIBLING_DISTRICT,
    departments,
    monday_morning,
    people,
)

SIBLING_CELL = "410103001001001"
BASE = "/open311/v2"
# The fields GeoReport v2 gives each service request, in the spec's order.
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


class GeoReportClient:
    """Calls the GeoReport endpoints as a client app would, with one API key, in English."""

    def __init__(self, secret: str = "", language: str = "en"):
        self.secret = secret
        self.client = Client()
        self.headers = {"Accept-Language": language}

    def get(self, path: str, params: dict | None = None, **headers):
        params = dict(params or {})
        if self.secret:
            params.setdefault("api_key", self.secret)
        return self.client.get(
            f"{BASE}/{path}", params, headers={**self.headers, **headers}
        )

    def post(self, path: str, data: dict | None = None, **headers):
        data = dict(data or {})
        if self.secret:
            data.setdefault("api_key", self.secret)
        return self.client.post(
            f"{BASE}/{path}", data, headers={**self.headers, **headers}
        )


def xml_items(response) -> list[dict]:
    """The items of an XML list answer as {element: text} (nested lists left out)."""
    root = ET.fromstring(response.content)
    return [{child.tag: child.text or "" for child in item} for item in root]


def form_at(region, **fields) -> dict:
    """A POST form for service E0605 (no extra questions) at the centre of `region`."""
    form = {
        "service_code": "E0605",
        "lat": str(region.centroid_lat),
        "long": str(region.centroid_lon),
        "description": "楼道里堆满杂物，堵住了消防通道",
        "address_string": "经八路12号院3号楼",
        "first_name": "丽",
        "last_name": "王",
        "phone": "13812345678",
        "email": "wang@example.com",
    }
    form.update(fields)
    return form


@pytest.fixture
def georeport(people, tree):  # noqa: F811
    """GeoReport clients by key, plus one without a key and one with a revoked key."""

    def key(name, scopes, region=None, per_minute=None):
        secret, _key = api_key_create(
            name=name, scopes=scopes, region=region, hits_per_minute=per_minute
        )
        return GeoReportClient(secret)

    both = [KeyScope.SUBMIT, KeyScope.READ]
    clients = SimpleNamespace(
        city=key("hotline-app", both),
        district=key("district-app", both, region=tree[DISTRICT]),
        reader=key("reader-app", [KeyScope.READ]),
        submitter=key("submitter-app", [KeyScope.SUBMIT]),
        anonymous=GeoReportClient(),
    )
    secret, revoked = api_key_create(name="revoked-app", scopes=both)
    api_key_revoke(key=revoked)
    clients.revoked = GeoReportClient(secret)
    return clients
