"""The tree and standing people of the case tests, an SMS provider that keeps what it
sends, and helpers that file a resident's report and close it through the services."""

import re

import pytest

from wangge.cases.tests.conftest import (  # noqa: F401 (fixtures)
    CELL,
    COMMUNITY,
    TERRITORIAL,
    departments,
    monday_morning,
    people,
)
from wangge.cases.tests.steps import act, verification_photo
from wangge.portal import services

PHONE = "13812345678"
CHIEF_PRIVATE_PHONE = "13966668888"
OFFICE_PHONE = "0371-65551234"


class KeptSms:
    """An SMS provider for tests: keeps every message instead of sending it."""

    sent: list[tuple[str, str]] = []

    def __init__(self, **options):
        pass

    def send(self, address, body, *, subject=""):
        KeptSms.sent.append((address, body))


@pytest.fixture
def sms(settings):
    settings.WANGGE_SMS_BACKEND = "wangge.portal.tests.conftest.KeptSms"
    KeptSms.sent = []
    return KeptSms.sent


def last_code(sent) -> str:
    """The one-time code of the last message sent."""
    return re.search(r"\d{6}", sent[-1][1]).group(0)


def file_report(tree, *, cell=CELL, key="", **fields):
    """A resident's report at the centre of `cell` through the portal's service."""
    region = tree[cell]
    values = {
        "category": TERRITORIAL,
        "description": "楼道里堆满杂物，堵住了消防通道",
        "lon": region.centroid_lon,
        "lat": region.centroid_lat,
        "address_text": "经八路12号院3号楼",
        "client_address": "10.0.0.1",
        "idempotency_key": key,
    }
    values.update(fields)
    return services.resident_report_file(**values)


def close(case, staff):
    """Register, dispatch to the community, handle and verify: the case closes."""
    act(case, "register", staff.community_desk)
    act(case, "dispatch", staff.community_desk)
    act(case, "accept", staff.secretary)
    act(case, "handle", staff.secretary, note="已清理")
    verification_photo(case, staff.worker)
    return act(case, "verify_pass", staff.worker)
