"""GET requests, requests/{id} and tokens/{token}: every filter, every refusal, no personal data."""

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest

from wangge.cases.models import Case
from wangge.cases.tests.steps import act, closed_case
from wangge.core import clock
from wangge.open311 import selectors
from wangge.open311.formats import w3c_datetime
from wangge.open311.tests.conftest import (
    CELL,
    REQUEST_FIELDS,
    SIBLING_CELL,
    form_at,
    xml_items,
)

pytestmark = pytest.mark.django_db


def _numbers(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [r["service_request_id"] for r in answer.json()]


def _submitted(client, region, **fields) -> Case:
    [reply] = client.post("requests.json", form_at(region, **fields)).json()
    return Case.objects.get(number=reply["service_request_id"])


@pytest.fixture
def filed(georeport, tree, people, time_machine):
    """Requests of the last months: two open ones here, one closed, one in the sibling district,
    and one filed 100 days ago, outside the default window."""
    time_machine.move_to(clock.now() - timedelta(days=100), tick=False)
    old = _submitted(georeport.city, tree[CELL], description="百日前的杂物")
    time_machine.move_to(clock.now() + timedelta(days=100), tick=True)
    cover = _submitted(
        georeport.city,
        tree[CELL],
        service_code="C0101",
        description="井盖缺失",
        media_url="https://img.example.com/a.jpg",
        address_id="A-12",
        **{"attribute[cover_type]": "污水井盖"},
    )
    clutter = _submitted(georeport.city, tree[CELL], description="楼道杂物")
    closed = closed_case(tree, people)
    far = _submitted(georeport.city, tree[SIBLING_CELL], description="邻区的杂物")
    return {
        "old": old,
        "cover": cover,
        "clutter": clutter,
        "closed": closed,
        "far": far,
    }


def test_requests_list_the_last_90_days_newest_first_with_the_georeport_fields(
    georeport, filed
):
    answer = georeport.city.get("requests.json")
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    numbers = _numbers(answer)
    assert numbers == [filed[k].number for k in ("far", "closed", "clutter", "cover")]
    assert all(list(r) == REQUEST_FIELDS for r in answer.json())
    cover = next(r for r in answer.json() if r["service_code"] == "C0101")
    case = filed["cover"]
    assert cover["status"] == "open"
    assert cover["service_name"] == "井盖缺失"
    assert cover["lat"] == case.lat and cover["long"] == case.lon
    assert cover["media_url"] == "https://img.example.com/a.jpg"
    assert cover["address_id"] == "A-12"
    assert cover["requested_datetime"] == w3c_datetime(case.created_at)
    assert cover["requested_datetime"].endswith("+08:00")
    assert cover["expected_datetime"].endswith("+08:00")
    assert cover["agency_responsible"] == case.node.name


def test_no_reporter_data_is_ever_in_an_answer(georeport, filed):
    for path in [
        "requests.json",
        "requests.xml",
        f"requests/{filed['cover'].number}.json",
    ]:
        body = georeport.city.get(path).content.decode()
        for personal in ("13812345678", "wang@example.com", "王丽", "王女士"):
            assert personal not in body, (path, personal)


def test_requests_in_xml_are_request_elements_with_the_same_fields(georeport, filed):
    answer = georeport.city.get("requests.xml")
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    assert ET.fromstring(answer.content).tag == "service_requests"
    items = xml_items(answer)
    assert [i["service_request_id"] for i in items] == _numbers(
        georeport.city.get("requests.json")
    )
    assert all(list(i) == REQUEST_FIELDS for i in items)
    closed = next(i for i in items if i["service_request_id"] == filed["closed"].number)
    assert closed["status"] == "closed"


def test_service_request_id_overrides_every_other_filter(georeport, filed):
    wanted = f"{filed['old'].number}, {filed['closed'].number},NO-SUCH"
    answer = georeport.city.get(
        "requests.json",
        {"service_request_id": wanted, "status": "open", "service_code": "C0101"},
    )
    assert sorted(_numbers(answer)) == sorted(
        [filed["old"].number, filed["closed"].number]
    )


def test_service_code_takes_a_comma_list(georeport, filed):
    only_cover = georeport.city.get("requests.json", {"service_code": "C0101"})
    assert _numbers(only_cover) == [filed["cover"].number]
    both = georeport.city.get("requests.json", {"service_code": "C0101,E0605"})
    assert len(_numbers(both)) == 4


def test_an_unknown_service_code_is_refused_naming_it(georeport, filed):
    answer = georeport.city.get("requests.json", {"service_code": "C0101,NOPE"})
    assert answer.status_code == 400
    assert "service_code" in answer.json()[0]["description"]
    assert "NOPE" in answer.json()[0]["description"]


@pytest.mark.parametrize(
    ("status", "kept"),
    [
        ("open", {"far", "clutter", "cover"}),
        ("closed", {"closed"}),
        ("open,closed", {"far", "closed", "clutter", "cover"}),
        ("CLOSED", {"closed"}),
    ],
)
def test_status_filters_open_and_closed(georeport, filed, status, kept):
    answer = georeport.city.get("requests.json", {"status": status})
    assert set(_numbers(answer)) == {filed[k].number for k in kept}


def test_a_rejected_report_is_closed_and_says_so(georeport, filed, people):
    act(filed["clutter"], "reject", people.community_desk, note="不属于受理范围")
    answer = georeport.city.get("requests.json", {"status": "closed"})
    assert filed["clutter"].number in _numbers(answer)
    rejected = next(
        r for r in answer.json() if r["service_request_id"] == filed["clutter"].number
    )
    assert rejected["status_notes"] == "Rejected"


def test_a_status_other_than_open_or_closed_is_refused(georeport, filed):
    answer = georeport.city.get("requests.json", {"status": "pending"})
    assert answer.status_code == 400
    assert "status" in answer.json()[0]["description"]


def test_start_and_end_date_choose_the_window(georeport, filed):
    old = filed["old"].created_at
    answer = georeport.city.get(
        "requests.json",
        {
            "start_date": (old - timedelta(hours=1)).isoformat(),
            "end_date": (old + timedelta(hours=1)).isoformat(),
        },
    )
    assert _numbers(answer) == [filed["old"].number]
    since = georeport.city.get(
        "requests.json", {"start_date": (old + timedelta(days=1)).date().isoformat()}
    )
    assert filed["old"].number not in _numbers(since)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"start_date": "last week"}, "start_date"),
        ({"end_date": "2026-11-30T09:30:00"}, "end_date"),
        ({"start_date": "2026-11-30", "end_date": "2026-11-01"}, "start_date"),
        ({"start_date": "2026-01-01", "end_date": "2026-11-01"}, "90"),
        ({"jurisdiction_id": "310000"}, "jurisdiction_id"),
    ],
)
def test_bad_dates_and_jurisdictions_are_refused_naming_them(
    georeport, filed, params, named
):
    answer = georeport.city.get("requests.json", params)
    assert answer.status_code == 400
    assert named in answer.json()[0]["description"]


def test_the_right_jurisdiction_id_is_accepted(georeport, filed):
    answer = georeport.city.get("requests.json", {"jurisdiction_id": "410100"})
    assert len(_numbers(answer)) == 4


def test_at_most_the_limit_is_listed_newest_first(georeport, filed, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_REQUESTS", 2)
    assert _numbers(georeport.city.get("requests.json")) == [
        filed["far"].number,
        filed["closed"].number,
    ]


def test_a_key_reads_only_the_requests_of_its_region(georeport, filed):
    numbers = _numbers(georeport.district.get("requests.json"))
    assert filed["far"].number not in numbers
    assert filed["cover"].number in numbers
    far = georeport.district.get(f"requests/{filed['far'].number}.json")
    assert far.status_code == 404
    assert far.json()[0]["code"] == 404
    listed = georeport.district.get(
        "requests.json", {"service_request_id": filed["far"].number}
    )
    assert _numbers(listed) == []


@pytest.mark.parametrize("who", ["anonymous", "revoked", "submitter"])
@pytest.mark.parametrize("path", ["requests.json", "requests/X.json", "tokens/X.json"])
def test_reading_needs_a_key_with_the_read_scope(georeport, filed, who, path):
    answer = getattr(georeport, who).get(path)
    assert answer.status_code == 403
    assert answer.json()[0]["code"] == 403


def test_the_read_only_key_reads(georeport, filed):
    assert len(_numbers(georeport.reader.get("requests.json"))) == 4


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_one_request_by_its_id(georeport, filed, fmt):
    number = filed["cover"].number
    answer = georeport.city.get(f"requests/{number}.{fmt}")
    assert answer.status_code == 200
    items = answer.json() if fmt == "json" else xml_items(answer)
    assert [i["service_request_id"] for i in items] == [number]
    assert list(items[0]) == REQUEST_FIELDS


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_request_is_404_as_a_spec_error(georeport, filed, fmt):
    answer = georeport.city.get(f"requests/NO-SUCH.{fmt}")
    assert answer.status_code == 404
    if fmt == "xml":
        assert ET.fromstring(answer.content).findtext("error/code") == "404"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_token_leads_to_its_request(georeport, tree, fmt):
    [reply] = georeport.city.post("requests.json", form_at(tree[CELL])).json()
    answer = georeport.city.get(f"tokens/{reply['token']}.{fmt}")
    assert answer.status_code == 200
    items = answer.json() if fmt == "json" else xml_items(answer)
    assert items == [
        {"service_request_id": reply["service_request_id"], "token": reply["token"]}
    ]


def test_a_forged_token_or_one_outside_the_region_is_404(georeport, tree):
    [reply] = georeport.city.post("requests.json", form_at(tree[SIBLING_CELL])).json()
    forged = reply["token"][:-2] + ("aa" if not reply["token"].endswith("aa") else "bb")
    assert georeport.city.get(f"tokens/{forged}.json").status_code == 404
    assert georeport.district.get(f"tokens/{reply['token']}.json").status_code == 404
