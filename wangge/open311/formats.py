"""GeoReport v2's two formats: the same answer as JSON or as XML, and its errors.

Pure apart from building the `HttpResponse`. Answers are plain data (dicts, lists, text,
numbers, booleans, datetimes); XML is built with `xml.etree` from that data, never by
pasting strings, and nothing here parses XML. The spec names the element of each list's
items (`<services><service>`, `<service_requests><request>`, …): `ITEM_TAGS` holds them.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET  # builds XML only: nothing here parses any
from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse

JSON = "json"
XML = "xml"
FORMATS = (JSON, XML)
CONTENT_TYPES = {
    JSON: "application/json; charset=utf-8",
    XML: "text/xml; charset=utf-8",
}
# What discovery lists as the formats of the endpoint.
MEDIA_TYPES = ["application/json", "text/xml"]

# The element of each item of a list, by the list's element.
ITEM_TAGS = {
    "endpoints": "endpoint",
    "formats": "format",
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
}

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w3c_datetime(moment: datetime | None) -> str:
    """An instant as the W3C profile of ISO 8601 in Zhengzhou time: 2026-11-30T09:30:00+08:00."""
    if moment is None:
        return ""
    return moment.astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c_datetime(value)
    return _NOT_XML.sub("", str(value))


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return w3c_datetime(value)
    return str(value)


def _fill(element: ET.Element, value: object) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(ET.SubElement(element, key), inner)
    elif isinstance(value, list | tuple):
        tag = ITEM_TAGS[element.tag]
        for inner in value:
            _fill(ET.SubElement(element, tag), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, value: object) -> bytes:
    """`value` as an XML document whose root element is `root`, UTF-8 with its declaration."""
    element = ET.Element(root)
    _fill(element, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def to_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=_json_default).encode()


def render(value: object, fmt: str, *, root: str, status: int = 200) -> HttpResponse:
    """The answer in `fmt`; in XML its root element is `root` (JSON has none)."""
    body = to_xml(root, value) if fmt == XML else to_json(value)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(
    errors: list[tuple[int, str]], fmt: str, *, status: int
) -> HttpResponse:
    """GeoReport's error answer: a list of {code, description}, with the HTTP status."""
    return render(
        [{"code": code, "description": text} for code, text in errors],
        fmt,
        root="errors",
        status=status,
    )
