"""The case list as Excel: the reader's cases, in the list's order, phones masked as listed."""

import pytest
from openpyxl import load_workbook

from wangge.cases import exports
from wangge.cases.access import case_work_q
from wangge.cases.tests.work import PHONE, file_case, registered

pytestmark = pytest.mark.django_db


def rows(data) -> list[tuple]:
    return list(load_workbook(data).active.iter_rows(values_only=True))


def test_the_export_lists_the_readers_cases_in_the_lists_order(tree, people):
    first = file_case(tree, people.resident)
    second = file_case(tree, people.resident, description="=1+1 路灯不亮")

    found = rows(exports.export_xlsx(people.community_desk, sort="created"))

    assert [r[0] for r in found[1:]] == [first.number, second.number]
    assert found[2][5] == "=1+1 路灯不亮"  # text, never a formula


def test_an_outsider_exports_nothing(tree, people):
    file_case(tree, people.resident)

    assert len(rows(exports.export_xlsx(people.outsider))) == 1  # the header only


def test_a_reader_who_may_not_call_back_gets_the_phone_masked(tree, people):
    file_case(tree, people.resident)

    desk = rows(exports.export_xlsx(people.community_desk))
    supervisor = rows(exports.export_xlsx(people.supervisor))

    assert desk[1][13] == PHONE
    assert supervisor[1][13] != PHONE


def test_my_work_narrows_the_export(tree, people):
    waiting = file_case(tree, people.resident)
    registered(tree, people)

    found = rows(
        exports.export_xlsx(people.secretary, narrowed=case_work_q(people.secretary))
    )

    assert waiting.number not in [r[0] for r in found[1:]]


def test_past_the_cap_the_last_row_says_so(tree, people, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CAP", 2)
    for _ in range(3):
        file_case(tree, people.resident)

    found = rows(exports.export_xlsx(people.community_desk))

    assert len(found) == 4
    assert "2" in found[-1][0]
