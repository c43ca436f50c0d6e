"""The desk's tools on the case list: sorting, the period, bulk actions, the export, saved
filters and the printable sheets, over HTTP and in scope."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from wangge.cases.models import Case, SavedFilter
from wangge.cases.workflow import CaseState
from wangge.workbench.tests.casework import act, dispatched, english, file_case

pytestmark = pytest.mark.django_db
LIST = "/cases/"
BULK = "/cases/bulk/"


def numbers(response) -> list[str]:
    return [case.number for case in response.context["listing"].page.items]


def registered(tree, people) -> Case:
    return act(file_case(tree, people.resident), "register", people.community_desk)


def test_the_urls_are_the_desks(db):
    assert reverse("workbench:case_bulk") == BULK
    assert reverse("workbench:case_export") == "/cases/export.xlsx"
    assert reverse("workbench:case_sheet", args=["1", "dispatch"]) == (
        "/cases/1/sheets/dispatch.pdf"
    )


def test_the_list_sorts_by_number_and_pages_on_in_that_order(client, tree, people):
    made = sorted(file_case(tree, people.resident).number for _ in range(3))
    english(client, people.community_desk)

    response = client.get(LIST, {"sort": "number"})

    assert numbers(response) == made
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html
    assert "sort=-number" in html


def test_a_cursor_of_another_order_starts_the_list_again(client, tree, people):
    file_case(tree, people.resident)
    english(client, people.community_desk)

    response = client.get(LIST, {"sort": "deadline", "cursor": "bm90LWEtY3Vyc29y"})

    assert response.status_code == 200
    assert len(numbers(response)) == 1


def test_the_period_keeps_the_cases_reported_between_the_days(client, tree, people):
    case = file_case(tree, people.resident)
    english(client, people.community_desk)

    inside = client.get(
        LIST, {"created_from": "2026-11-30", "created_to": "2026-11-30"}
    )
    before = client.get(LIST, {"created_to": "2026-11-29"})

    assert numbers(inside) == [case.number]
    assert numbers(before) == []


def test_the_list_offers_the_bulk_form_to_a_desk_only(client, tree, people):
    file_case(tree, people.resident)

    english(client, people.community_desk)
    assert 'id="bulk-form"' in client.get(LIST).content.decode()
    english(client, people.supervisor)
    assert 'id="bulk-form"' not in client.get(LIST).content.decode()


def test_a_bulk_dispatch_shows_what_was_done_and_what_was_refused(client, tree, people):
    ready = [registered(tree, people) for _ in range(2)]
    unregistered = file_case(tree, people.resident)
    english(client, people.community_desk)

    response = client.post(
        BULK,
        {
            "action": "dispatch",
            "cases": [c.number for c in ready] + [unregistered.number],
            "back": "sort=number",
        },
    )

    assert response.status_code == 200
    assert response.context["done"] == 2
    html = response.content.decode()
    assert "Refused" in html and "/cases/?sort=number" in html
    assert {Case.objects.get(pk=c.pk).state for c in ready} == {CaseState.DISPATCHED}
    assert Case.objects.get(pk=unregistered.pk).state == CaseState.REPORTED


def test_an_outsiders_bulk_action_changes_nothing(client, tree, people):
    case = registered(tree, people)
    english(client, people.outsider)

    response = client.post(BULK, {"action": "dispatch", "cases": [case.number]})

    assert response.status_code == 200
    assert response.context["done"] == 0
    assert Case.objects.get(pk=case.pk).state == CaseState.REGISTERED


def test_a_bulk_action_without_cases_is_a_400_saying_so(client, tree, people):
    english(client, people.community_desk)

    response = client.post(BULK, {"action": "register"})

    assert response.status_code == 400
    assert "Choose at least one case." in response.content.decode()


def test_the_handling_unit_accepts_several_dispatches_at_once(client, tree, people):
    cases = [dispatched(tree, people) for _ in range(2)]
    english(client, people.secretary)

    response = client.post(
        BULK, {"action": "accept", "cases": [c.number for c in cases]}
    )

    assert response.context["done"] == 2


def test_the_export_holds_the_filtered_list_and_nothing_outside(client, tree, people):
    case = file_case(tree, people.resident)
    file_case(tree, people.resident, description="路灯不亮")
    english(client, people.community_desk)

    response = client.get("/cases/export.xlsx", {"q": "消防通道"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    english(client, people.outsider)
    outsider = client.get("/cases/export.xlsx")
    outsider_book = load_workbook(io.BytesIO(b"".join(outsider.streaming_content)))

    assert [row[0].value for row in book.active.iter_rows(min_row=2)] == [case.number]
    assert outsider_book.active.max_row == 1


def test_a_person_saves_lists_and_deletes_their_own_filters(client, tree, people):
    english(client, people.community_desk)

    response = client.post(
        "/cases/filters/", {"name": "红灯", "query": "light=red&cursor=abc&open=open"}
    )
    saved = SavedFilter.objects.get(owner=people.community_desk)

    assert response.status_code == 302
    assert saved.query == "light=red&open=open"
    assert "红灯" in client.get(LIST).content.decode()
    english(client, people.outsider)
    assert "红灯" not in client.get(LIST).content.decode()
    delete = f"/cases/filters/{saved.pk}/delete/"
    assert client.post(delete).status_code == 404
    english(client, people.community_desk)
    assert client.post(delete).status_code == 302
    assert not SavedFilter.objects.exists()


def test_a_filter_without_a_name_is_not_saved(client, tree, people):
    english(client, people.community_desk)

    client.post("/cases/filters/", {"name": " ", "query": "light=red"})

    assert not SavedFilter.objects.exists()


def test_the_case_page_links_its_sheets_and_an_outsider_gets_404(client, tree, people):
    case = dispatched(tree, people)
    sheet = reverse("workbench:case_sheet", args=[case.number, "dispatch"])
    english(client, people.community_desk)

    assert sheet in client.get(case.get_absolute_url()).content.decode()
    response = client.get(sheet)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        client.get(
            reverse("workbench:case_sheet", args=[case.number, "closure"])
        ).status_code
        == 404
    )
    english(client, people.outsider)
    assert client.get(sheet).status_code == 404


def test_the_desk_list_takes_a_constant_number_of_queries(client, tree, people):
    file_case(tree, people.resident)
    english(client, people.community_desk)
    client.post("/cases/filters/", {"name": "全部", "query": ""})
    client.get(LIST, {"sort": "deadline"})
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"sort": "deadline"})
    for _ in range(6):
        registered(tree, people)
    client.post("/cases/filters/", {"name": "红灯", "query": "light=red"})
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, {"sort": "deadline"})
    assert len(numbers(response)) == 7
    assert len(many) == len(few)
