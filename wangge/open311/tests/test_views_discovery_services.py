"""Discovery, the service list and service definitions: public, in JSON and in XML."""

from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from wangge.catalogue.models import Category
from wangge.open311.tests.conftest import BASE, xml_items

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]


def _get(path: str, language: str = "en", **params):
    return Client().get(f"{BASE}/{path}", params, headers={"Accept-Language": language})


@pytest.mark.parametrize(
    "path", ["/open311/v2/discovery.json", "/open311/discovery.json"]
)
def test_discovery_names_the_v2_endpoint_and_its_two_formats(tree, path):
    answer = Client().get(path)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    body = answer.json()
    assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
    assert body["endpoints"] == [
        {
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": "http://testserver/open311/v2/",
            "changeset": body["changeset"],
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }
    ]
    assert "郑州市" in body["contact"]


def test_discovery_in_xml_lists_endpoints_and_formats_as_elements(tree):
    answer = _get("discovery.xml")
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(answer.content)
    assert root.tag == "discovery"
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("type") == "production"
    assert [f.text for f in endpoint.findall("formats/format")] == [
        "application/json",
        "text/xml",
    ]
    assert root.findtext("changeset") == endpoint.findtext("changeset") != ""


def test_services_are_the_active_minor_categories_with_their_major_as_group():
    answer = _get("services.json")
    assert answer.status_code == 200
    services = answer.json()
    minors = Category.objects.filter(
        parent__isnull=False, is_active=True, parent__is_active=True
    )
    assert [s["service_code"] for s in services] == sorted(
        minors.values_list("code", flat=True)
    )
    assert all(list(s) == SERVICE_FIELDS for s in services)
    by_code = {s["service_code"]: s for s in services}
    cover = by_code["C0101"]
    assert cover["service_name"] == "井盖缺失"
    assert cover["group"] == "公用设施"
    assert cover["type"] == "realtime"
    assert cover["metadata"] is True
    assert by_code["E0605"]["metadata"] is False
    assert "C0101" in cover["keywords"] and "Component" in cover["keywords"]


def test_a_switched_off_category_is_no_service():
    Category.objects.filter(code="E0605").update(is_active=False)
    codes = [s["service_code"] for s in _get("services.json").json()]
    assert "E0605" not in codes
    assert _get("services/E0605.json").status_code == 404


def test_services_in_xml_carry_the_same_fields():
    items = xml_items(_get("services.xml"))
    cover = next(i for i in items if i["service_code"] == "C0101")
    assert list(cover) == SERVICE_FIELDS
    assert cover["metadata"] == "true"
    assert cover["group"] == "公用设施"


@pytest.mark.parametrize(
    ("headers", "params", "word"),
    [
        ({}, {}, "部件"),
        ({"Accept-Language": "en"}, {}, "Component"),
        ({"Accept-Language": "zh-hans"}, {"locale": "en_US"}, "Component"),
        ({"Accept-Language": "en"}, {"locale": "zh_CN"}, "部件"),
    ],
)
def test_the_answer_speaks_the_language_of_the_request_chinese_by_default(
    headers, params, word
):
    answer = Client().get(f"{BASE}/services.json", params, headers=headers)
    cover = next(s for s in answer.json() if s["service_code"] == "C0101")
    assert word in cover["keywords"]


def test_a_service_definition_lists_the_questions_with_their_datatypes_and_values():
    answer = _get("services/C0101.json")
    assert answer.status_code == 200
    body = answer.json()
    assert body["service_code"] == "C0101"
    cover, warning = body["attributes"]
    assert cover["code"] == "cover_type"
    assert cover["variable"] is True
    assert cover["datatype"] == "singlevaluelist"
    assert cover["required"] is True
    assert cover["order"] == 1
    assert cover["description"] == "井盖类型"
    assert {"key": "污水井盖", "name": "污水井盖"} in cover["values"]
    assert set(cover) == {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    }
    assert warning["code"] == "warning_set"
    assert warning["order"] == 2
    assert warning["required"] is False
    assert warning["values"] == [
        {"key": "true", "name": "Yes"},
        {"key": "false", "name": "No"},
    ]


@pytest.mark.parametrize(
    ("code", "datatype"),
    [("C0103", "number"), ("C0104", "number"), ("C0202", "string")],
)
def test_numbers_and_texts_get_their_datatypes_and_no_values(code, datatype):
    first = _get(f"services/{code}.json").json()["attributes"][0]
    assert first["datatype"] == datatype
    assert "values" not in first
    assert first["datatype_description"]


def test_a_service_definition_in_xml_nests_attributes_and_values():
    root = ET.fromstring(_get("services/C0101.xml").content)
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "C0101"
    cover = root.find("attributes/attribute")
    assert cover.findtext("code") == "cover_type"
    assert cover.findtext("required") == "true"
    keys = [v.findtext("key") for v in cover.findall("values/value")]
    assert "污水井盖" in keys


@pytest.mark.parametrize("code", ["NOPE", "C01"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_or_a_major_category_answers_404_as_a_spec_error(code, fmt):
    answer = _get(f"services/{code}.{fmt}")
    assert answer.status_code == 404
    if fmt == "json":
        errors = answer.json()
    else:
        errors = xml_items(answer)
        assert ET.fromstring(answer.content).tag == "errors"
    assert [e["code"] for e in errors] == [404 if fmt == "json" else "404"]
    assert code in errors[0]["description"]
    assert "service_code" in errors[0]["description"]


def test_a_wrong_jurisdiction_id_is_refused_naming_it(tree):
    answer = _get("services.json", jurisdiction_id="310000")
    assert answer.status_code == 400
    assert "jurisdiction_id" in answer.json()[0]["description"]
    assert _get("services.json", jurisdiction_id="410100").status_code == 200
