"""The monthly report agrees with the ledger of the same node and month."""

import base64
import datetime as dt
import io
import re
import zlib

import pytest
from django.utils import translation
from openpyxl import load_workbook
from reportlab.lib.rl_accel import escapePDF

from wangge.assessment import reports
from wangge.assessment.tests.month import NOVEMBER
from wangge.cases.ledger import ledger_rows
from wangge.cases.selectors import CaseFilter
from wangge.cases.tests.conftest import COMMUNITY, TOWNSHIP


def _values(data: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return {row[0]: row[1] for row in sheet.values if row and len(row) > 1 and row[0]}


def _pdf_has_text(data: bytes, text: str) -> bool:
    """Whether a page of the PDF writes `text` in the CID font (UCS-2, as reportlab writes it;
    Debian's pdftotext without poppler-data cannot map that font back to Unicode)."""
    pages = b""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:  # reportlab writes its streams ASCII85 over Flate
            pages += zlib.decompress(base64.a85decode(stream.strip(), adobe=True))
        except (ValueError, zlib.error):
            continue
    return escapePDF(text.encode("utf-16-be")).encode("latin-1") in pages


@pytest.mark.parametrize("code", [TOWNSHIP, COMMUNITY])
def test_report_counts_what_the_ledger_lists(november, tree, people, code):
    node = tree[code]
    report = reports.monthly_report(node, dt.date(2026, 11, 1))
    period = CaseFilter(created_from=NOVEMBER[0], created_to=NOVEMBER[1])
    with translation.override("en"):
        ledger = list(ledger_rows(people.leader, node, period))
        values = _values(reports.report_xlsx(report))
    assert values["Reported"] == len(ledger) == 4
    assert values["Closed"] == sum(1 for r in ledger if r[12] == "Closed") == 2
    assert values["Reworked"] == sum(1 for r in ledger if r[28]) == 1


def test_township_report_lists_its_communities(november, tree):
    report = reports.monthly_report(tree[TOWNSHIP], dt.date(2026, 11, 1))
    lines = {line.name: line.counts["reported"] for line in report.regions}
    assert lines[tree[COMMUNITY].name] == 4
    assert sum(lines.values()) == report.total.counts["reported"]


def test_report_shows_the_determinations_beside_the_figures(determinations, tree):
    report = reports.monthly_report(tree[TOWNSHIP], dt.date(2026, 11, 1))
    with translation.override("en"):
        values = _values(reports.report_xlsx(report))
    lines = {line.name: line.determinations for line in report.regions}
    assert lines[tree[COMMUNITY].name] == {"reminder_talk": 1, "warning": 1}
    assert values["Determinations"] == 3  # the township's own and its communities'


def test_pdf_is_in_chinese_with_a_chart(november, tree):
    report = reports.monthly_report(tree[TOWNSHIP], dt.date(2026, 11, 1))
    with translation.override("zh-hans"):
        data = reports.report_pdf(report)
    assert data.startswith(b"%PDF")
    assert b"/STSong-Light" in data
    assert _pdf_has_text(data, tree[TOWNSHIP].name)


def test_month_must_be_year_and_month():
    assert reports.month_parse("2026-11") == dt.date(2026, 11, 1)
    for bad in ("2026-1", "2026/11", "2026-13"):
        with pytest.raises(ValueError):
            reports.month_parse(bad)
