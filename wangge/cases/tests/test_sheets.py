"""Printable sheets: PDF with the case's Chinese text, only for what the case went through."""

import subprocess
from datetime import timedelta

import pytest
from django.http import Http404

from wangge.cases import services
from wangge.cases.selectors import case_details_load
from wangge.cases.sheets import case_sheet_pdf, sheets_available
from wangge.cases.tests.work import dispatched, file_case
from wangge.core import clock

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


def test_the_dispatch_sheet_carries_the_case_in_chinese(tree, people):
    case = case_details_load(dispatched(tree, people))

    data = case_sheet_pdf(people.community_desk, case, "dispatch")

    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert case.number in text
    assert "楼道里堆满杂物" in text
    assert "经八路12号院3号楼" in text
    assert case.node.name in text


def test_the_supervision_sheet_lists_the_orders(tree, people):
    case = dispatched(tree, people)
    services.case_supervise(
        case=case,
        actor=people.supervisor,
        instructions="三日内清理完毕并回复",
        due_at=clock.now() + timedelta(days=3),
    )
    case = case_details_load(case)

    text = pdf_text(case_sheet_pdf(people.supervisor, case, "supervision"))

    assert "三日内清理完毕并回复" in text


def test_the_reporter_phone_is_masked_for_a_reader_who_may_not_call_back(tree, people):
    case = case_details_load(dispatched(tree, people))

    text = pdf_text(case_sheet_pdf(people.supervisor, case, "dispatch"))

    assert "13812345678" not in text


def test_a_case_has_only_the_sheets_of_what_it_went_through(tree, people):
    case = case_details_load(file_case(tree, people.resident))

    assert sheets_available(case) == ()
    for kind in ("dispatch", "supervision", "closure", "nonsense"):
        with pytest.raises(Http404):
            case_sheet_pdf(people.community_desk, case, kind)


def test_without_the_embedded_font_the_sheet_falls_back_to_the_cid_font(
    tree, people, monkeypatch
):
    from wangge.cases import sheets

    monkeypatch.setattr(sheets, "EMBEDDED_FONTS", (("Missing", "/nonexistent.ttc"),))
    sheets.sheet_font.cache_clear()
    try:
        case = case_details_load(dispatched(tree, people))
        data = case_sheet_pdf(people.community_desk, case, "dispatch")
    finally:
        sheets.sheet_font.cache_clear()

    assert b"STSong-Light" in data
