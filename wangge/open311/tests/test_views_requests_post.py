"""POST requests: a GeoReport client files a case through the unified intake."""

from xml.etree import ElementTree as ET

import pytest

from wangge.audit.models import AuditAction, AuditEntry
from wangge.cases.models import Case, EventKind
from wangge.open311.models import RequestDetails
from wangge.open311.tests.conftest import CELL, SIBLING_CELL, form_at, xml_items

pytestmark = pytest.mark.django_db


def _error(answer) -> str:
    """The one error description of a JSON error answer."""
    errors = answer.json()
    assert [e["code"] for e in errors] == [answer.status_code] * len(errors)
    return " ".join(e["description"] for e in errors)


def test_a_request_becomes_a_case_of_channel_open311_with_its_reporter(georeport, tree):
    answer = georeport.city.post(
        "requests.json",
        form_at(tree[CELL], account_id="acc-7", device_id="dev-1", address_id="A12"),
    )
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    [reply] = answer.json()
    assert set(reply) == {"service_request_id", "token", "service_notice", "account_id"}
    case = Case.objects.get(number=reply["service_request_id"])
    assert case.channel == "open311"
    assert case.category.code == "E0605"
    assert case.cell == tree[CELL]
    assert (case.reporter_name, case.reporter_phone, case.reporter_email) == (
        "王丽",
        "13812345678",
        "wang@example.com",
    )
    assert case.address == "经八路12号院3号楼"
    assert reply["account_id"] == "acc-7"
    assert "working" in reply["service_notice"]
    [event] = case.events.all()
    assert event.action == EventKind.REPORT
    assert event.actor.username == "api-hotline-app"
    details = RequestDetails.objects.get(case=case)
    assert (details.device_id, details.address_id) == ("dev-1", "A12")


def test_the_answer_in_xml_is_a_service_requests_list(georeport, tree):
    answer = georeport.city.post("requests.xml", form_at(tree[CELL]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    assert ET.fromstring(answer.content).tag == "service_requests"
    [reply] = xml_items(answer)
    assert Case.objects.filter(number=reply["service_request_id"]).exists()
    assert reply["token"]


def test_the_answers_to_the_extra_questions_are_checked_and_kept(georeport, tree):
    form = form_at(
        tree[CELL],
        service_code="C0101",
        **{"attribute[cover_type]": "污水井盖", "attribute[warning_set]": "true"},
    )
    [reply] = georeport.city.post("requests.json", form).json()
    case = Case.objects.get(number=reply["service_request_id"])
    assert case.attributes == {"cover_type": "污水井盖", "warning_set": True}


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({}, "attribute[cover_type]"),
        ({"attribute[cover_type]": "金井盖"}, "attribute[cover_type]"),
        (
            {"attribute[cover_type]": "污水井盖", "attribute[colour]": "red"},
            "attribute[colour]",
        ),
        (
            {"attribute[cover_type]": "污水井盖", "attribute[warning_set]": "maybe"},
            "attribute[warning_set]",
        ),
    ],
)
def test_answers_against_the_definition_are_refused_naming_the_attribute(
    georeport, tree, answers, named
):
    form = form_at(tree[CELL], service_code="C0101", **answers)
    answer = georeport.city.post("requests.json", form)
    assert answer.status_code == 400
    assert named in _error(answer)
    assert not Case.objects.exists()


def test_a_date_question_takes_a_w3c_datetime_as_the_date_it_falls_on(georeport, tree):
    from wangge.catalogue.models import Attribute, Category

    category = Category.objects.get(code="E0605")
    Attribute.objects.create(
        category=category, code="seen_on", label="发现日期", type="date"
    )
    form = form_at(tree[CELL], **{"attribute[seen_on]": "2026-11-29T20:00:00Z"})
    [reply] = georeport.city.post("requests.json", form).json()
    case = Case.objects.get(number=reply["service_request_id"])
    assert case.attributes == {"seen_on": "2026-11-30"}


@pytest.mark.parametrize(
    ("change", "status", "named"),
    [
        ({"service_code": ""}, 400, "service_code"),
        ({"service_code": "NOPE"}, 404, "service_code"),
        ({"lat": "", "long": "", "address_string": ""}, 400, "address_string"),
        ({"long": ""}, 400, "long"),
        ({"lat": ""}, 400, "lat"),
        ({"lat": "north"}, 400, "lat"),
        ({"lat": "95"}, 400, "lat"),
        ({"lat": "10", "long": "10"}, 400, "lat and long"),
        ({"email": "not-an-address"}, 400, "email"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"phone": "1" * 40}, 400, "phone"),
        ({"jurisdiction_id": "310000"}, 400, "jurisdiction_id"),
        ({"description": "a\x00b"}, 400, "description"),
    ],
)
def test_bad_or_missing_parameters_are_refused_naming_them_and_nothing_is_filed(
    georeport, tree, change, status, named
):
    answer = georeport.city.post("requests.json", form_at(tree[CELL], **change))
    assert answer.status_code == status
    assert named in _error(answer)
    assert not Case.objects.exists()


def test_errors_in_xml_are_an_errors_list(georeport, tree):
    answer = georeport.city.post("requests.xml", form_at(tree[CELL], lat=""))
    assert answer.status_code == 400
    root = ET.fromstring(answer.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "400"
    assert "lat" in root.findtext("error/description")


def test_a_request_without_description_is_described_by_its_service(georeport, tree):
    [reply] = georeport.city.post(
        "requests.json", form_at(tree[CELL], description="")
    ).json()
    case = Case.objects.get(number=reply["service_request_id"])
    assert case.description == case.category.name


def test_an_address_naming_a_community_and_a_building_is_placed_in_its_cell(
    georeport, tree
):
    community = tree[CELL[:12]]
    community.name = "花园社区"
    community.save(update_fields=["name"])
    cell = tree[CELL]
    cell.name = "第1网格（3号楼）"
    cell.save(update_fields=["name"])
    form = form_at(cell, lat="", long="", address_string="金水区花园社区 3号楼东侧")
    [reply] = georeport.city.post("requests.json", form).json()
    case = Case.objects.get(number=reply["service_request_id"])
    assert case.cell == cell
    assert (case.lon, case.lat) == (cell.centroid_lon, cell.centroid_lat)


def test_an_address_the_platform_cannot_place_is_refused_naming_it(georeport, tree):
    form = form_at(tree[CELL], lat="", long="", address_string="经八路12号院")
    answer = georeport.city.post("requests.json", form)
    assert answer.status_code == 400
    assert "address_string" in _error(answer)


def test_a_point_outside_the_keys_region_is_refused_with_403_naming_it(georeport, tree):
    answer = georeport.district.post("requests.json", form_at(tree[SIBLING_CELL]))
    assert answer.status_code == 403
    assert "lat and long" in _error(answer)
    assert not Case.objects.exists()
    assert (
        georeport.district.post("requests.json", form_at(tree[CELL])).status_code == 200
    )


def test_the_same_form_sent_again_is_the_same_request(georeport, tree):
    form = form_at(tree[CELL])
    first = georeport.city.post("requests.json", form).json()
    again = georeport.city.post("requests.json", form).json()
    assert first == again
    assert Case.objects.count() == 1
    other = georeport.city.post(
        "requests.json", form_at(tree[CELL], description="另一处")
    )
    assert other.json()[0]["service_request_id"] != first[0]["service_request_id"]


def test_an_idempotency_key_header_makes_a_replay_of_a_different_form_an_error(
    georeport, tree
):
    headers = {"Idempotency-Key": "retry-1"}
    first = georeport.city.post("requests.json", form_at(tree[CELL]), **headers)
    assert first.status_code == 200
    changed = georeport.city.post(
        "requests.json", form_at(tree[CELL], description="另一处"), **headers
    )
    assert changed.status_code == 400
    assert "Idempotency-Key" in _error(changed)
    assert Case.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "revoked", "reader"])
def test_a_missing_revoked_or_read_only_key_may_not_submit(georeport, tree, who):
    answer = getattr(georeport, who).post("requests.json", form_at(tree[CELL]))
    assert answer.status_code == 403
    assert "api_key" in _error(answer) or "API key" in _error(answer)
    assert not Case.objects.exists()


def test_past_the_keys_rate_limit_the_answer_is_429_with_retry_after(georeport, tree):
    from wangge.access.api_keys import KeyScope, api_key_create
    from wangge.open311.tests.conftest import GeoReportClient

    secret, _key = api_key_create(
        name="slow-app", scopes=[KeyScope.SUBMIT], hits_per_minute=2
    )
    client = GeoReportClient(secret)
    answers = [
        client.post("requests.json", form_at(tree[CELL], description=f"第{n}处"))
        for n in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert answers[2].json()[0]["code"] == 429
    assert Case.objects.count() == 2


def test_every_use_of_a_key_is_on_the_audit_trail(georeport, tree):
    georeport.city.post("requests.json", form_at(tree[CELL]))
    georeport.city.get("requests.json")
    used = AuditEntry.objects.filter(action=AuditAction.API_KEY_USED).order_by("id")
    assert [e.target for e in used] == [
        "POST /open311/v2/requests.json",
        "GET /open311/v2/requests.json",
    ]


@pytest.mark.parametrize(
    ("headers", "params", "text"),
    [
        ({}, {}, "缺少 api_key。"),
        ({"Accept-Language": "en"}, {}, "api_key is required."),
        ({"Accept-Language": "en"}, {"locale": "zh_CN"}, "缺少 api_key。"),
    ],
)
def test_errors_speak_the_language_of_the_request_chinese_by_default(
    tree, headers, params, text
):
    from django.test import Client

    answer = Client().post(
        "/open311/v2/requests.json?" + "&".join(f"{k}={v}" for k, v in params.items()),
        form_at(tree[CELL]),
        headers=headers,
    )
    assert answer.status_code == 403
    assert answer.json() == [{"code": 403, "description": text}]
