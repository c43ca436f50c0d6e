"""Reading what a GeoReport client sends, and writing both formats (no database)."""

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from wangge.open311.errors import Open311Error
from wangge.open311.formats import render, render_errors, to_xml, w3c_datetime
from wangge.open311.parsing import (
    attribute_answers,
    comma_list,
    coordinate,
    date_window,
)
from wangge.open311.parsing import w3c_datetime as read_datetime

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_comma_list_drops_blanks_and_repeats_and_keeps_the_order():
    assert comma_list("x", " b, a,,b ,") == ["b", "a"]
    assert comma_list("x", None) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-30T09:30:00+08:00", datetime(2026, 11, 30, 1, 30, tzinfo=UTC)),
        ("2026-11-30T01:30:00Z", datetime(2026, 11, 30, 1, 30, tzinfo=UTC)),
        ("2026-11-30T01:30Z", datetime(2026, 11, 30, 1, 30, tzinfo=UTC)),
        ("2026-11-30T01:30:00.5-05:00", datetime(2026, 11, 30, 6, 30, 0, 500000, UTC)),
        ("2026-11-30", datetime(2026, 11, 29, 16, 0, tzinfo=UTC)),
    ],
)
def test_w3c_datetimes_and_dates_are_read_as_instants(raw, expected):
    assert read_datetime("start_date", raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["yesterday", "2026-11-30T09:30:00", "2026/11/30", "2026-13-01", "2026-02-30"],
)
def test_a_datetime_without_offset_or_not_real_is_refused_naming_the_parameter(raw):
    with pytest.raises(Open311Error) as refused:
        read_datetime("end_date", raw)
    assert refused.value.status == 400
    assert "end_date" in refused.value.descriptions[0]


def test_without_dates_the_window_is_the_last_90_days():
    assert date_window(None, None, NOW) == (NOW - timedelta(days=90), NOW)


def test_one_date_alone_reaches_90_days_from_it():
    start = datetime(2026, 9, 1, tzinfo=SHANGHAI)
    assert date_window("2026-09-01", None, NOW) == (start, start + timedelta(days=90))
    assert date_window(None, "2026-09-01", NOW) == (start - timedelta(days=90), start)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2026-11-30", "2026-11-01", "after"),
        ("2026-01-01", "2026-11-01", "90 days"),
    ],
)
def test_start_after_end_or_a_window_wider_than_90_days_is_refused(start, end, words):
    with pytest.raises(Open311Error) as refused:
        date_window(start, end, NOW)
    assert refused.value.status == 400
    assert words in refused.value.descriptions[0]


def test_attribute_answers_read_single_and_list_values_and_nothing_else():
    pairs = [
        ("attribute[cover_type]", ["污水井盖"]),
        ("attribute[sides][]", ["north", " ", "south"]),
        ("attributes", ["x"]),
        ("description", ["hole"]),
    ]
    assert attribute_answers(pairs) == {
        "cover_type": "污水井盖",
        "sides": ["north", "south"],
    }


@pytest.mark.parametrize("raw", ["north", "nan", "inf", "91", "-90.5"])
def test_a_latitude_out_of_range_or_not_a_number_is_refused(raw):
    with pytest.raises(Open311Error) as refused:
        coordinate("lat", raw, -90, 90)
    assert "lat" in refused.value.descriptions[0]


def test_datetimes_are_written_in_zhengzhou_time_with_their_offset():
    moment = datetime(2026, 11, 30, 1, 30, 5, 123, tzinfo=UTC)
    assert w3c_datetime(moment) == "2026-11-30T09:30:05+08:00"


def test_xml_names_list_items_as_the_spec_does_and_writes_booleans_as_words():
    body = to_xml(
        "services",
        [{"service_code": "C0101", "metadata": True, "group": None}],
    )
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(body)
    service = root.find("service")
    assert service.findtext("service_code") == "C0101"
    assert service.findtext("metadata") == "true"
    assert service.findtext("group") == ""


def test_xml_drops_characters_xml_cannot_carry_and_escapes_markup():
    root = ET.fromstring(to_xml("service_requests", [{"description": "a\x00<b>&"}]))
    assert root.find("request").findtext("description") == "a<b>&"


def test_errors_are_a_list_of_code_and_description_in_both_formats():
    answer = render_errors([(400, "lat is required with long.")], "json", status=400)
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(answer.content) == [
        {"code": 400, "description": "lat is required with long."}
    ]
    answer = render_errors([(403, "api_key is required.")], "xml", status=403)
    assert answer["Content-Type"] == "text/xml; charset=utf-8"
    error = ET.fromstring(answer.content).find("error")
    assert (error.findtext("code"), error.findtext("description")) == (
        "403",
        "api_key is required.",
    )


def test_json_keeps_chinese_as_utf8():
    answer = render([{"service_name": "井盖缺失"}], "json", root="services")
    assert "井盖缺失".encode() in answer.content
